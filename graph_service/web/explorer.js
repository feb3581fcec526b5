/*
 * The investigator's explorer (R-OUT-3): who stands behind an organisation, and through whom
 * a sanction reaches a person. Data comes from /v1/graph/* and /v1/subjects with the bearer
 * token the user types (kept in sessionStorage only); the server masks names by role.
 *
 * The view is the union of the neighbourhoods of its "anchors": the subject searched for
 * (at the chosen depth) and every node expanded (depth 1). A filter or date change refetches
 * every anchor, so the graph replays at that date; collapsing drops an anchor.
 */
(function () {
  "use strict";

  const TOKEN_KEY = "credit-graph.token";
  const LANG_KEY = "credit-graph.lang";
  const PURPOSE_KEY = "credit-graph.purpose";
  const LINK_TYPES = [
    "LEGAL_REPRESENTATIVE_OF",
    "PRINCIPAL_OF",
    "ACTUAL_CONTROLLER_OF",
    "HOLDS_SHARES_IN",
    "BRANCH_OF",
  ];
  const BIG = 300; // above this many nodes, cheaper layout and rendering settings

  const TEXT = {
    zh: {
      title: "信用关系图谱浏览器",
      skip: "跳到搜索",
      searchLabel: "名称、统一社会信用代码或身份证号",
      search: "搜索",
      token: "访问令牌",
      controls: "控制面板",
      results: "搜索结果",
      view: "视图",
      asOf: "截至日期",
      depth: "层数",
      limit: "上限",
      types: "关系类型",
      layout: "布局",
      layoutForce: "力导向",
      layoutHierarchy: "层级（控制链）",
      layoutRadial: "放射（按距离）",
      relayout: "重新布局",
      paths: "路径查找",
      from: "起点",
      to: "终点",
      useSelected: "用选中",
      k: "条数",
      maxHops: "最多跳数",
      findPaths: "查找路径",
      export: "导出",
      exportPng: "导出 PNG",
      exportCsv: "导出 CSV",
      legend: "图例",
      marks: "标记：[限] 受限 [严] 严重失信名单 [惩] 联合惩戒名单 [奖] 联合激励名单 [异] 异议",
      canvas: "关系图",
      emptyHint: "搜索一个主体开始浏览。双击节点展开，再次双击收起。",
      details: "详情",
      nodeList: "图中节点",
      nothingSelected: "未选中节点。",
      expand: "展开",
      collapse: "收起",
      clearHighlight: "清除高亮",
      explanation: "受限原因",
      tokenTitle: "输入访问令牌",
      tokenHelp: "令牌仅保存在本标签页的会话存储中，关闭标签页即清除。",
      save: "保存",
      cancel: "取消",
      LEGAL_REPRESENTATIVE_OF: "法定代表人",
      PRINCIPAL_OF: "主要负责人",
      ACTUAL_CONTROLLER_OF: "实际控制人",
      HOLDS_SHARES_IN: "持股",
      BRANCH_OF: "分支机构",
      LISTS: "列入",
      BASED_ON: "依据",
      LEGAL_PERSON: "法人",
      NATURAL_PERSON: "自然人",
      UNINCORPORATED_ORG: "非法人组织",
      LIST_ENTRY: "名单条目",
      RECORD: "失信记录",
      restricted: "受限（惩戒措施可及）",
      sanctionList: "严重失信 / 联合惩戒名单",
      rewardList: "联合激励名单",
      objection: "异议处理中",
      pathHighlight: "传导路径",
      badge_restricted: "受限",
      badge_serious_list: "严重失信名单",
      badge_joint_sanction: "联合惩戒名单",
      badge_reward: "联合激励名单",
      badge_objection: "异议",
      mark_restricted: "限",
      mark_serious_list: "严",
      mark_joint_sanction: "惩",
      mark_reward: "奖",
      mark_objection: "异",
      id: "标识",
      kind: "类型",
      name: "名称",
      region: "地区",
      hops: "距离",
      status: "状态",
      none: "无",
      measure: "措施",
      list: "名单",
      entry: "名单条目",
      record: "记录",
      document: "文书",
      role: "传导方式",
      via: "经由",
      legalBasis: "法律依据",
      authority: "实施部门",
      until: "有效至",
      remedy: "救济途径",
      act: "失信行为期间",
      serious: "严重",
      objectionOpen: "有异议",
      yes: "是",
      SELF: "本主体",
      LEGAL_REPRESENTATIVE: "法定代表人",
      PRINCIPAL: "主要负责人",
      ACTUAL_CONTROLLER: "实际控制人",
      showPath: "在图上显示路径",
      notRestricted: "截至该日期没有惩戒措施涉及该主体。",
      loading: "加载中…",
      shown: "显示 {nodes} 个节点、{edges} 条关系，截至 {date}",
      truncated: "（已达上限，结果被截断）",
      noTypes: "请至少选择一种关系类型。",
      noPaths: "在所选条件下没有找到路径。",
      pathLabel: "{hops} 跳：{names}",
      needEnds: "请填写起点和终点。",
      noResults: "没有匹配的主体。",
      error: "出错了",
      tokenNeeded: "需要访问令牌。",
      purpose: "查询目的（行政机关必填）",
      purposeNone: "（非行政机关）",
      pADMINISTRATIVE_PERMIT: "行政许可",
      pADMINISTRATIVE_INSPECTION: "行政检查",
      pSUPERVISION_SPOT_CHECK: "监督抽验",
      pPENALTY_DISCRETION: "行政处罚裁量",
      pPUBLIC_PROCUREMENT: "政府采购",
      pBIDDING: "招标投标",
      pFUNDING: "财政资金扶持",
      pLAND: "国有土地出让",
      pRESEARCH: "科研管理",
      pAUDIT: "审计",
      pCIVIL_SERVICE: "公务员录用、晋升",
      pTALENT: "人才引进",
      pCOMMENDATION: "评先评优、表彰奖励",
      pOTHER_BY_RULE: "法律、法规规定的其他事项",
      expanded: "已展开 {name}",
      collapsed: "已收起 {name}",
      exported: "已导出 {file}",
      layoutDone: "布局完成（{ms} 毫秒）",
      language: "English",
      overlay: "分析叠加",
      overlayNeighbourhood: "范围：当前中心主体及所选层数",
      overlayGroups: "关联企业集团（按集团着色）",
      overlayKeyPersons: "关键人员（加框标记）",
      overlayRisk: "选中主体的风险关联",
      overlayClear: "清除叠加",
      overlayLegend: "分析叠加图例",
      groupN: "集团 {n}：{name} 等 {count} 家组织",
      groupsNone: "范围内没有关联企业集团。",
      groupsMore: "另有 {count} 个集团未单独着色（颜色循环使用）",
      keyPersonLegend: "关键人员：代表或控制多家受限组织，或移除后集团分裂 [关]",
      keyPersonsNone: "范围内没有关键人员。",
      riskNearLegend: "选中主体附近的受限主体（风险关联）",
      riskTitle: "风险关联",
      riskDepth: "范围（跳数）",
      riskWithin: "范围内主体数",
      riskCount: "受限主体数",
      riskShare: "受限占比",
      riskScore: "加权得分",
      riskWeightedShare: "加权占比",
      riskNone: "范围内没有受限主体。",
      riskItem: "{name}（{hops} 跳，权重 {weight}）",
      riskNotSubject: "请选择一个主体（组织或自然人）。",
      group: "关联集团",
      keyPerson: "关键人员",
      keyRepresents: "代表受限组织",
      keyControls: "控制受限组织",
      keySplits: "移除后集团分裂",
      mark_key_person: "关",
      overlayShown: "叠加：{groups} 个集团，{persons} 名关键人员",
    },
    en: {
      title: "Credit graph explorer",
      skip: "Skip to search",
      searchLabel: "Name, credit code or resident ID",
      search: "Search",
      token: "Access token",
      controls: "Controls",
      results: "Search results",
      view: "View",
      asOf: "As of",
      depth: "Depth",
      limit: "Limit",
      types: "Link types",
      layout: "Layout",
      layoutForce: "Force",
      layoutHierarchy: "Hierarchy (control chains)",
      layoutRadial: "Radial (by distance)",
      relayout: "Re-run layout",
      paths: "Path finder",
      from: "From",
      to: "To",
      useSelected: "Use selected",
      k: "Paths",
      maxHops: "Max hops",
      findPaths: "Find paths",
      export: "Export",
      exportPng: "Export PNG",
      exportCsv: "Export CSV",
      legend: "Legend",
      marks: "Marks: [R] restricted [S] serious list [J] joint sanction list [W] reward list [O] objection",
      canvas: "Relationship graph",
      emptyHint: "Search for a subject to start. Double-click a node to expand it, again to collapse.",
      details: "Details",
      nodeList: "Nodes on the graph",
      nothingSelected: "No node selected.",
      expand: "Expand",
      collapse: "Collapse",
      clearHighlight: "Clear highlight",
      explanation: "Why restricted",
      tokenTitle: "Enter an access token",
      tokenHelp: "The token is kept in this tab's session storage only and cleared when the tab closes.",
      save: "Save",
      cancel: "Cancel",
      LEGAL_REPRESENTATIVE_OF: "Legal representative",
      PRINCIPAL_OF: "Principal",
      ACTUAL_CONTROLLER_OF: "Actual controller",
      HOLDS_SHARES_IN: "Holds shares",
      BRANCH_OF: "Branch of",
      LISTS: "Lists",
      BASED_ON: "Based on",
      LEGAL_PERSON: "Legal person",
      NATURAL_PERSON: "Natural person",
      UNINCORPORATED_ORG: "Unincorporated organisation",
      LIST_ENTRY: "List entry",
      RECORD: "Dishonesty record",
      restricted: "Restricted (a sanction reaches it)",
      sanctionList: "Serious / joint sanction list",
      rewardList: "Joint reward list",
      objection: "Objection open",
      pathHighlight: "Propagation path",
      badge_restricted: "Restricted",
      badge_serious_list: "Serious list",
      badge_joint_sanction: "Joint sanction list",
      badge_reward: "Reward list",
      badge_objection: "Objection",
      mark_restricted: "R",
      mark_serious_list: "S",
      mark_joint_sanction: "J",
      mark_reward: "W",
      mark_objection: "O",
      id: "Id",
      kind: "Kind",
      name: "Name",
      region: "Region",
      hops: "Hops",
      status: "Status",
      none: "none",
      measure: "Measure",
      list: "List",
      entry: "List entry",
      record: "Record",
      document: "Document",
      role: "Reached as",
      via: "Via",
      legalBasis: "Legal basis",
      authority: "Authority",
      until: "Until",
      remedy: "Remedy",
      act: "Act period",
      serious: "Serious",
      objectionOpen: "Objection open",
      yes: "yes",
      SELF: "the subject itself",
      LEGAL_REPRESENTATIVE: "legal representative",
      PRINCIPAL: "principal",
      ACTUAL_CONTROLLER: "actual controller",
      showPath: "Show the path on the graph",
      notRestricted: "No sanction reaches this subject on that date.",
      loading: "Loading…",
      shown: "{nodes} nodes and {edges} links as of {date}",
      truncated: " (limit reached: the result was cut)",
      noTypes: "Choose at least one link type.",
      noPaths: "No path found with these settings.",
      pathLabel: "{hops} hops: {names}",
      needEnds: "Fill in both ends.",
      noResults: "No matching subject.",
      error: "Error",
      tokenNeeded: "An access token is needed.",
      purpose: "Purpose of the query (required for authorities)",
      purposeNone: "(not an authority)",
      pADMINISTRATIVE_PERMIT: "Administrative permit",
      pADMINISTRATIVE_INSPECTION: "Administrative inspection",
      pSUPERVISION_SPOT_CHECK: "Supervision spot check",
      pPENALTY_DISCRETION: "Penalty discretion",
      pPUBLIC_PROCUREMENT: "Public procurement",
      pBIDDING: "Bidding",
      pFUNDING: "Public funding",
      pLAND: "Land supply",
      pRESEARCH: "Research management",
      pAUDIT: "Audit",
      pCIVIL_SERVICE: "Civil-service hiring and promotion",
      pTALENT: "Talent introduction",
      pCOMMENDATION: "Commendation",
      pOTHER_BY_RULE: "Other, by law",
      expanded: "Expanded {name}",
      collapsed: "Collapsed {name}",
      exported: "Exported {file}",
      layoutDone: "Layout done ({ms} ms)",
      language: "中文",
      overlay: "Analytics overlay",
      overlayNeighbourhood: "Scope: the centre subject at the chosen depth",
      overlayGroups: "Affiliated groups (colour by group)",
      overlayKeyPersons: "Key persons (outlined)",
      overlayRisk: "Risk association of the selected subject",
      overlayClear: "Clear overlay",
      overlayLegend: "Analytics overlay legend",
      groupN: "Group {n}: {name} and others, {count} organisations",
      groupsNone: "No affiliated group in scope.",
      groupsMore: "{count} more groups reuse the colours",
      keyPersonLegend: "Key person: represents or controls several restricted organisations, or removing them splits a group [K]",
      keyPersonsNone: "No key person in scope.",
      riskNearLegend: "Restricted subject near the selected one (risk association)",
      riskTitle: "Risk association",
      riskDepth: "Scope (hops)",
      riskWithin: "Subjects in scope",
      riskCount: "Restricted subjects",
      riskShare: "Restricted share",
      riskScore: "Weighted score",
      riskWeightedShare: "Weighted share",
      riskNone: "No restricted subject in scope.",
      riskItem: "{name} ({hops} hops, weight {weight})",
      riskNotSubject: "Select a subject (an organisation or a person).",
      group: "Affiliated group",
      keyPerson: "Key person",
      keyRepresents: "Represents restricted",
      keyControls: "Controls restricted",
      keySplits: "Removing them splits",
      mark_key_person: "K",
      overlayShown: "Overlay: {groups} groups, {persons} key persons",
    },
  };

  // the colours of affiliated groups, also .group-N in explorer.css for the legend
  const GROUP_COLOURS = [
    "#1b9e77",
    "#d95f02",
    "#7570b3",
    "#e7298a",
    "#66a61e",
    "#e6ab02",
    "#a6761d",
    "#17becf",
  ];
  const BADGES = ["restricted", "serious_list", "joint_sanction", "reward", "objection"];
  const KIND_CLASS = {
    LEGAL_PERSON: "legal",
    NATURAL_PERSON: "person",
    UNINCORPORATED_ORG: "unincorporated",
    LIST_ENTRY: "entry",
    RECORD: "record",
  };

  const state = {
    lang: sessionStorage.getItem(LANG_KEY) === "en" ? "en" : "zh",
    center: null,
    anchors: new Map(), // id -> {depth, data}
    extraNodes: new Map(), // elements brought by explanations and the path finder
    extraEdges: new Map(),
    selected: null,
    explanation: null,
    paths: null,
    pending: null, // an action waiting for a token
    search: null, // the last search answer
    big: false,
    timings: { last: null },
    overlay: { groups: null, keyPersons: null, risk: null }, // answers of /v1/analytics/*
  };

  let cy = null;
  const $ = (id) => document.getElementById(id);

  // ------------------------------------------------------------------------ text

  function t(key, values) {
    let text = TEXT[state.lang][key] ?? TEXT.zh[key] ?? key;
    for (const [name, value] of Object.entries(values || {})) {
      text = text.replace(`{${name}}`, String(value));
    }
    return text;
  }

  function applyLanguage() {
    document.documentElement.lang = state.lang === "zh" ? "zh-CN" : "en";
    document.title = t("title");
    for (const el of document.querySelectorAll("[data-i18n]")) {
      el.textContent = t(el.dataset.i18n);
    }
    for (const el of document.querySelectorAll("[data-i18n-aria]")) {
      el.setAttribute("aria-label", t(el.dataset.i18nAria));
    }
    const toggle = $("lang-toggle");
    toggle.textContent = t("language");
    toggle.lang = state.lang === "zh" ? "en" : "zh-CN";
    if (cy) {
      cy.batch(() => {
        cy.nodes().forEach((n) => n.data("label", nodeLabel(n.data())));
        cy.edges().forEach((e) => e.data("label", edgeLabel(e.data())));
      });
    }
    renderSearch();
    renderSelection();
    renderExplanation();
    renderPaths();
    renderRisk();
    renderOverlayLegend();
    renderStatus();
    if (cy) refreshNodeList();
  }

  // -------------------------------------------------------------------- messages

  function showError(error) {
    const box = $("error");
    const status = error && error.status ? ` (${error.status})` : "";
    box.textContent = `${t("error")}${status}: ${error && error.message ? error.message : error}`;
    box.hidden = false;
  }

  function clearError() {
    $("error").hidden = true;
    $("error").textContent = "";
  }

  function say(text) {
    $("status").textContent = text;
  }

  class ApiError extends Error {
    constructor(status, message) {
      super(message);
      this.status = status;
    }
  }

  // ------------------------------------------------------------------------- api

  function openTokenDialog(action) {
    state.pending = action || state.pending;
    const dialog = $("token-dialog");
    $("token-input").value = "";
    if (!dialog.open) dialog.showModal();
    $("token-input").focus();
  }

  async function api(path, params) {
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (!token) throw new ApiError(401, t("tokenNeeded"));
    const url = new URL(path, window.location.origin);
    const purpose = sessionStorage.getItem(PURPOSE_KEY);
    if (purpose) url.searchParams.set("purpose", purpose); // Art. 19: authorities state it
    for (const [key, value] of Object.entries(params || {})) {
      if (value !== undefined && value !== null && value !== "") url.searchParams.set(key, value);
    }
    const response = await fetch(url, {
      headers: { Authorization: `Bearer ${token}`, Accept: "application/json" },
    });
    if (!response.ok) {
      let detail = response.statusText || `HTTP ${response.status}`;
      try {
        const problem = await response.json(); // application/problem+json (RFC 9457)
        detail = problem.detail || problem.title || detail;
        if (Array.isArray(problem.errors) && problem.errors.length) {
          detail += ": " + problem.errors.map((e) => `${e.field} — ${e.message}`).join("; ");
        }
      } catch (_) {
        /* not JSON: keep the status text */
      }
      if (response.status === 401) sessionStorage.removeItem(TOKEN_KEY);
      throw new ApiError(response.status, detail);
    }
    return response.json();
  }

  /** Run an action; on a missing or refused token, ask for one and run it again. */
  async function run(action) {
    try {
      clearError();
      await action();
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        showError(error);
        openTokenDialog(action);
        return;
      }
      showError(error);
    }
  }

  // ------------------------------------------------------------------ elements

  function nodeLabel(data) {
    const marks = [...BADGES, "key_person"]
      .filter((b) => data[b])
      .map((b) => `[${t("mark_" + b)}]`)
      .join("");
    const name = data.name || data.id;
    return marks ? `${name}\n${marks}` : name;
  }

  function edgeLabel(data) {
    const name = t(data.type);
    return data.ratio != null ? `${name} ${Math.round(data.ratio * 1000) / 10}%` : name;
  }

  function nodeData(node) {
    const data = {
      id: node.id,
      name: node.name,
      kind: node.kind,
      region: node.region,
      hops: node.hops,
      list: node.list,
      list_type: node.list_type,
      document: node.document,
    };
    for (const badge of BADGES) data[badge] = Boolean(node.badges && node.badges[badge]);
    data.label = nodeLabel(data);
    return data;
  }

  function nodeClasses(data) {
    const classes = [KIND_CLASS[data.kind] || "legal"];
    if (data.restricted) classes.push("restricted");
    if (data.serious_list || data.joint_sanction) classes.push("sanction");
    if (data.reward) classes.push("reward");
    if (data.objection) classes.push("objection");
    if (data.id === state.center) classes.push("center");
    if (state.anchors.has(data.id)) classes.push("anchor");
    return classes.join(" ");
  }

  function edgeData(edge) {
    const data = {
      id: edge.id,
      source: edge.source,
      target: edge.target,
      type: edge.type,
      ratio: edge.ratio,
      valid_from: edge.valid_from,
      valid_to: edge.valid_to,
    };
    data.label = edgeLabel(data);
    return data;
  }

  const STYLE = [
    {
      selector: "node",
      style: {
        label: "data(label)",
        "font-size": 11,
        "font-family": '"Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif',
        "text-valign": "bottom",
        "text-halign": "center",
        "text-margin-y": 3,
        "text-wrap": "wrap",
        "text-max-width": 140,
        "min-zoomed-font-size": 7,
        width: 24,
        height: 24,
        "background-color": "#4e79a7",
        color: "#1f2328",
        "text-background-color": "#ffffff",
        "text-background-opacity": 0.7,
      },
    },
    { selector: "node.legal", style: { shape: "round-rectangle", "background-color": "#4e79a7" } },
    { selector: "node.person", style: { shape: "ellipse", "background-color": "#59a14f" } },
    { selector: "node.unincorporated", style: { shape: "hexagon", "background-color": "#9c755f" } },
    { selector: "node.entry", style: { shape: "diamond", "background-color": "#f28e2b" } },
    { selector: "node.record", style: { shape: "round-tag", "background-color": "#b07aa1" } },
    { selector: "node.reward", style: { "border-width": 4, "border-color": "#2ca02c" } },
    { selector: "node.sanction", style: { "border-width": 4, "border-color": "#ff7f0e" } },
    { selector: "node.restricted", style: { "background-color": "#d62728" } },
    {
      selector: "node.objection",
      style: {
        "outline-width": 3,
        "outline-color": "#9467bd",
        "outline-style": "dashed",
        "outline-offset": 2,
      },
    },
    { selector: "node.center", style: { width: 36, height: 36, "font-weight": "bold" } },
    { selector: "node.anchor", style: { "font-weight": "bold" } },
    {
      selector: "node:selected",
      style: { "overlay-color": "#0969da", "overlay-opacity": 0.3, "overlay-padding": 6 },
    },
    {
      selector: "edge",
      style: {
        width: 1.5,
        "curve-style": "bezier",
        "line-color": "#8c959f",
        "target-arrow-color": "#8c959f",
        "target-arrow-shape": "triangle",
        "arrow-scale": 0.8,
        label: "data(label)",
        "font-size": 9,
        "text-rotation": "autorotate",
        color: "#59636e",
        "min-zoomed-font-size": 8,
        "text-background-color": "#ffffff",
        "text-background-opacity": 0.8,
      },
    },
    {
      selector: 'edge[type = "HOLDS_SHARES_IN"]',
      style: { "line-color": "#4e79a7", "target-arrow-color": "#4e79a7" },
    },
    {
      selector: 'edge[type = "LEGAL_REPRESENTATIVE_OF"]',
      style: { "line-color": "#e15759", "target-arrow-color": "#e15759" },
    },
    {
      selector: 'edge[type = "PRINCIPAL_OF"]',
      style: { "line-color": "#f28e2b", "target-arrow-color": "#f28e2b" },
    },
    {
      selector: 'edge[type = "ACTUAL_CONTROLLER_OF"]',
      style: { "line-color": "#76b7b2", "target-arrow-color": "#76b7b2" },
    },
    { selector: 'edge[type = "BRANCH_OF"]', style: { "line-style": "dashed" } },
    {
      selector: 'edge[type = "LISTS"], edge[type = "BASED_ON"]',
      style: { "line-style": "dotted", "line-color": "#b07aa1", "target-arrow-color": "#b07aa1" },
    },
    { selector: "edge.extra", style: { "line-style": "dashed" } },
    // analytics overlay: a colour per affiliated group, key persons outlined, restricted
    // subjects near the selected one haloed (the legend explains them)
    ...GROUP_COLOURS.map((colour, i) => ({
      selector: `node.group-${i}`,
      style: { "background-color": colour },
    })),
    {
      selector: "node.key-person",
      style: {
        "border-width": 6,
        "border-style": "double",
        "border-color": "#1f2328",
        width: 32,
        height: 32,
      },
    },
    {
      selector: "node.risk-near",
      style: { "underlay-color": "#d62728", "underlay-opacity": 0.35, "underlay-padding": 7 },
    },
    { selector: ".faded", style: { opacity: 0.15 } },
    {
      selector: "node.highlighted",
      style: {
        "underlay-color": "#ffd400",
        "underlay-opacity": 0.9,
        "underlay-padding": 8,
        "z-index": 10,
      },
    },
    {
      selector: "edge.highlighted",
      style: {
        width: 5,
        "line-color": "#e6a700",
        "target-arrow-color": "#e6a700",
        "z-index": 10,
      },
    },
  ];

  function createGraph() {
    cy = window.cytoscape({
      container: $("cy"),
      style: STYLE,
      elements: [],
      minZoom: 0.05,
      maxZoom: 4,
      boxSelectionEnabled: false,
      pixelRatio: 1,
      textureOnViewport: false,
      hideEdgesOnViewport: false,
    });
    cy.on("tap", "node", (event) => run(() => select(event.target.id())));
    cy.on("tap", (event) => {
      if (event.target === cy) deselect();
    });
    cy.on("dbltap", "node", (event) => run(() => toggle(event.target.id())));
  }

  /** Big graphs: drop textures and edges while panning so 1,000 nodes stay smooth. */
  function tuneForSize() {
    const big = cy.nodes().length > BIG;
    if (big === state.big) return;
    state.big = big;
    cy.renderer().textureOnViewport = big;
    cy.renderer().hideEdgesOnViewport = big;
    // link labels only on small views: a thousand of them are noise and cost frames
    cy.style().selector("edge").style("label", big ? "" : "data(label)").update();
  }

  // ---------------------------------------------------------------------- view

  function selectedTypes() {
    return [...document.querySelectorAll('input[name="types"]:checked')].map((i) => i.value);
  }

  function asOf() {
    return $("as-of").value || new Date().toISOString().slice(0, 10);
  }

  function neighbourhood(id, depth) {
    return api("/v1/graph/neighbourhood", {
      id,
      depth,
      types: selectedTypes().join(","),
      as_of: asOf(),
      limit: clampLimit(),
    });
  }

  /** The server refuses a limit above 2,000 (422); the page keeps the field within bounds. */
  function clampLimit() {
    const limit = Math.max(1, Math.min(2000, Math.round(Number($("limit").value)) || 1000));
    $("limit").value = String(limit);
    return limit;
  }

  async function refetchAnchors() {
    const entries = [...state.anchors.entries()];
    const results = await Promise.all(entries.map(([id, a]) => neighbourhood(id, a.depth)));
    entries.forEach(([id, anchor], i) => state.anchors.set(id, { ...anchor, data: results[i] }));
  }

  function union() {
    const nodes = new Map();
    const edges = new Map();
    let truncated = false;
    for (const { data } of state.anchors.values()) {
      truncated = truncated || data.truncated;
      for (const node of data.nodes) {
        const known = nodes.get(node.id);
        if (!known || (node.hops ?? 99) < (known.hops ?? 99)) nodes.set(node.id, node);
      }
      for (const edge of data.edges) edges.set(edge.id, edge);
    }
    return { nodes, edges, truncated };
  }

  /** Bring the canvas to the union of the anchors' neighbourhoods plus the extras, keeping
   *  the positions of nodes already drawn and placing new ones next to a drawn neighbour. */
  function sync(relayout) {
    const started = performance.now();
    const { nodes, edges, truncated } = union();
    for (const [id, node] of state.extraNodes) if (!nodes.has(id)) nodes.set(id, node);
    for (const [id, edge] of state.extraEdges) if (!edges.has(id)) edges.set(id, edge);
    state.truncated = truncated;
    const fresh = cy.nodes().length === 0;
    let added = 0;
    cy.batch(() => {
      cy.elements().forEach((el) => {
        if (!(el.isNode() ? nodes.has(el.id()) : edges.has(el.id()))) el.remove();
      });
      const neighbours = new Map();
      for (const edge of edges.values()) {
        if (!neighbours.has(edge.source)) neighbours.set(edge.source, []);
        if (!neighbours.has(edge.target)) neighbours.set(edge.target, []);
        neighbours.get(edge.source).push(edge.target);
        neighbours.get(edge.target).push(edge.source);
      }
      // new nodes go outward from the drawing's centre, next to a neighbour already placed
      const placed = new Map();
      cy.nodes().forEach((n) => placed.set(n.id(), { ...n.position() }));
      const extent = cy.extent();
      const middle = cy.nodes().nonempty()
        ? centroid([...placed.values()])
        : { x: (extent.x1 + extent.x2) / 2, y: (extent.y1 + extent.y2) / 2 };
      const additions = [];
      const pending = [...nodes.values()].filter((n) => cy.getElementById(n.id).empty());
      for (const node of nodes.values()) {
        const existing = cy.getElementById(node.id);
        if (existing.empty()) continue;
        const data = nodeData(node);
        existing.data(data);
        existing.classes(nodeClasses(data) + (state.extraNodes.has(node.id) ? " extra" : ""));
      }
      const place = (node, base) => {
        let position;
        if (base) {
          const outward = base.x !== middle.x || base.y !== middle.y;
          const away = Math.atan2(base.y - middle.y, base.x - middle.x);
          const angle = outward
            ? away + (Math.random() - 0.5) * (Math.PI / 1.5)
            : Math.random() * 2 * Math.PI;
          const radius = 70 + Math.random() * 50;
          position = { x: base.x + radius * Math.cos(angle), y: base.y + radius * Math.sin(angle) };
        } else {
          position = { x: middle.x + Math.random() * 40, y: middle.y + Math.random() * 40 };
        }
        placed.set(node.id, position);
        const data = nodeData(node);
        additions.push({
          group: "nodes",
          data,
          classes: nodeClasses(data) + (state.extraNodes.has(node.id) ? " extra" : ""),
          position,
        });
      };
      // nodes next to a placed one first, round after round, so chains grow outwards
      let left = pending;
      while (left.length) {
        const next = [];
        for (const node of left) {
          const anchor = (neighbours.get(node.id) || []).find((id) => placed.has(id));
          if (anchor) place(node, placed.get(anchor));
          else next.push(node);
        }
        if (next.length === left.length) {
          place(next[0], null); // a new component: start it near the middle
          left = next.slice(1);
        } else {
          left = next;
        }
      }
      cy.add(additions);
      added = additions.length;
      const edgeAdditions = [];
      for (const edge of edges.values()) {
        if (cy.getElementById(edge.id).nonempty()) continue;
        if (cy.getElementById(edge.source).empty() || cy.getElementById(edge.target).empty()) {
          continue;
        }
        edgeAdditions.push({
          group: "edges",
          data: edgeData(edge),
          classes: state.extraEdges.has(edge.id) ? "extra" : "",
        });
      }
      cy.add(edgeAdditions);
    });
    applyOverlay();
    $("empty-hint").hidden = cy.nodes().length > 0;
    tuneForSize();
    const build = performance.now() - started;
    if (relayout || fresh || added > Math.max(20, cy.nodes().length / 3)) {
      return layout().then((layoutMs) => finishRender(started, build, layoutMs));
    }
    return finishRender(started, build, 0);
  }

  function centroid(points) {
    const sum = points.reduce((acc, p) => ({ x: acc.x + p.x, y: acc.y + p.y }), { x: 0, y: 0 });
    return { x: sum.x / points.length, y: sum.y / points.length };
  }

  function finishRender(started, buildMs, layoutMs) {
    return new Promise((resolve) => {
      // two frames: the first paints, the second starts after the paint has been done
      requestAnimationFrame(() =>
        requestAnimationFrame(() => {
          state.timings.last = {
            nodes: cy.nodes().length,
            edges: cy.edges().length,
            buildMs: Math.round(buildMs),
            layoutMs: Math.round(layoutMs),
            totalMs: Math.round(performance.now() - started),
          };
          refreshNodeList();
          renderStatus();
          resolve(state.timings.last);
        }),
      );
    });
  }

  /** Run the chosen layout; resolves with its duration in milliseconds. Force is fCoSE
   *  (spectral start, then forces: about half a second for 1,000 nodes where Cytoscape's own
   *  cose takes ten); hierarchy is a breadth-first tree with holders above what they hold;
   *  radial puts the centre in the middle and each hop on a ring. */
  function layout() {
    const name = $("layout").value;
    const count = cy.nodes().length;
    const big = count > BIG;
    const common = { animate: false, fit: true, padding: 30 };
    let options;
    if (name === "breadthfirst") {
      const roots = cy.nodes().roots();
      options = {
        ...common,
        name: "breadthfirst",
        directed: true,
        maximal: true, // holders above what they hold, all the way down a control chain
        roots: roots.nonempty() ? roots : undefined,
        depthSort: depthOrder(),
        spacingFactor: big ? 0.9 : 1.3,
        avoidOverlap: !big,
      };
    } else if (name === "radial") {
      const center = state.center && cy.getElementById(state.center);
      options = {
        ...common,
        name: "breadthfirst",
        circle: true,
        directed: false,
        roots: center && center.nonempty() ? center : undefined,
        spacingFactor: big ? 1 : 1.4,
        avoidOverlap: !big,
      };
    } else if (window.cytoscapeFcose) {
      options = {
        ...common,
        name: "fcose",
        quality: "default",
        randomize: true,
        nodeSeparation: 60,
        idealEdgeLength: () => (big ? 40 : 90),
        nodeRepulsion: () => (big ? 6000 : 8000),
      };
    } else {
      options = { ...common, name: "cose", randomize: false, numIter: big ? 120 : 1000 };
    }
    return new Promise((resolve) => {
      const started = performance.now();
      const running = cy.layout(options);
      running.one("layoutstop", () => resolve(Math.round(performance.now() - started)));
      running.run();
    });
  }

  /** Order within a level: depth-first from the centre, so linked nodes sit side by side.
   *  Nulls come last: Cytoscape 3.35's `maximal` leaves holes in a level before sorting. */
  function depthOrder() {
    const order = new Map();
    const visit = (start) => {
      const stack = [start];
      while (stack.length) {
        const node = stack.pop();
        if (order.has(node.id())) continue;
        order.set(node.id(), order.size);
        node.neighborhood("node").forEach((n) => {
          if (!order.has(n.id())) stack.push(n);
        });
      }
    };
    const center = state.center && cy.getElementById(state.center);
    if (center && center.nonempty()) visit(center);
    cy.nodes().forEach((n) => {
      if (!order.has(n.id())) visit(n);
    });
    return (a, b) => {
      if (a == null || b == null) return (a == null) - (b == null);
      return order.get(a.id()) - order.get(b.id());
    };
  }

  function renderStatus() {
    if (!cy || cy.nodes().length === 0) {
      say("");
      return;
    }
    let text = t("shown", { nodes: cy.nodes().length, edges: cy.edges().length, date: asOf() });
    if (state.truncated) text += t("truncated");
    say(text);
    $("status").classList.toggle("warning", Boolean(state.truncated));
  }

  function refreshNodeList() {
    const list = $("node-list");
    const nodes = cy
      .nodes()
      .map((n) => n.data())
      .sort((a, b) => (a.hops ?? 99) - (b.hops ?? 99) || String(a.name).localeCompare(b.name));
    const options = nodes.map((data) => {
      const option = document.createElement("option");
      option.value = data.id;
      option.textContent = `${data.name || data.id} · ${t(data.kind)}`;
      return option;
    });
    const empty = document.createElement("option");
    empty.value = "";
    empty.textContent = "—";
    list.replaceChildren(empty, ...options);
    list.value = state.selected && cy.getElementById(state.selected).nonempty() ? state.selected : "";
  }

  // -------------------------------------------------------------------- search

  async function search() {
    const q = $("search-input").value.trim();
    if (!q) return;
    state.search = await api("/v1/subjects", { q });
    // A resident ID number comes back as the person's pseudonym: the clear number does not
    // stay on the screen either (R-SUBJ-1).
    if (state.search.q !== q) $("search-input").value = state.search.q;
    renderSearch();
    const first = $("search-results").querySelector("button");
    if (first) first.focus();
  }

  function renderSearch() {
    const list = $("search-results");
    if (!state.search) {
      list.replaceChildren();
      return;
    }
    const items = state.search.results.map((hit) => {
      const li = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.className = "hit";
      button.dataset.id = hit.id;
      const name = document.createElement("span");
      name.textContent = `${hit.name || hit.id} · ${t(hit.kind)}`;
      const id = document.createElement("span");
      id.className = "hit-id";
      id.textContent = hit.id;
      button.append(name, id);
      button.addEventListener("click", () => run(() => open(hit.id)));
      li.append(button);
      return li;
    });
    if (!items.length) {
      const li = document.createElement("li");
      li.textContent = t("noResults");
      items.push(li);
    }
    list.replaceChildren(...items);
  }

  /** Start a new view centred on a subject. */
  async function open(id) {
    if (!selectedTypes().length) throw new Error(t("noTypes"));
    say(t("loading"));
    const fetchStarted = performance.now();
    const data = await neighbourhood(id, Number($("depth").value));
    const fetchMs = performance.now() - fetchStarted;
    state.center = id;
    state.anchors = new Map([[id, { depth: Number($("depth").value), data }]]);
    clearExtras();
    cy.elements().remove();
    const timings = await sync(true);
    timings.fetchMs = Math.round(fetchMs);
    cy.fit(undefined, 30);
    await select(id);
    await refreshOverlays();
    return timings;
  }

  async function toggle(id) {
    const node = cy.getElementById(id);
    if (node.empty() || !KIND_CLASS[node.data("kind")] || isPathOnly(node)) return;
    if (state.anchors.has(id) && id !== state.center) {
      await collapse(id);
    } else {
      await expand(id);
    }
  }

  function isPathOnly(node) {
    return node.data("kind") === "LIST_ENTRY" || node.data("kind") === "RECORD";
  }

  async function expand(id) {
    if (!selectedTypes().length) throw new Error(t("noTypes"));
    const depth = id === state.center ? Number($("depth").value) : 1;
    const data = await neighbourhood(id, depth);
    state.anchors.set(id, { depth, data });
    await sync(false);
    say(t("expanded", { name: cy.getElementById(id).data("name") || id }));
    renderSelection();
  }

  async function collapse(id) {
    state.anchors.delete(id);
    await sync(false);
    say(t("collapsed", { name: cy.getElementById(id).data("name") || id }));
    renderSelection();
  }

  /** Filter or date changed: every anchor is fetched again (the graph replays at the date). */
  async function replay() {
    if (!state.anchors.size) return;
    if (!selectedTypes().length) throw new Error(t("noTypes"));
    await refetchAnchors();
    clearExtras();
    await sync(false);
    const selected = state.selected;
    if (selected && cy.getElementById(selected).nonempty()) {
      await select(selected);
    } else {
      deselect();
    }
    await refreshOverlays();
  }

  function clearExtras() {
    state.extraNodes.clear();
    state.extraEdges.clear();
    state.explanation = null;
    state.paths = null;
    renderExplanation();
    renderPaths();
    if (cy) cy.elements().removeClass("faded highlighted");
  }

  // ----------------------------------------------------------------- selection

  async function select(id) {
    const node = cy.getElementById(id);
    if (node.empty()) return;
    state.selected = id;
    cy.elements(":selected").unselect();
    node.select();
    $("node-list").value = id;
    state.explanation = null;
    renderSelection();
    renderExplanation();
    state.overlay.risk = null;
    renderRisk();
    applyOverlay();
    if (node.data("restricted") && KIND_CLASS[node.data("kind")] && !isPathOnly(node)) {
      await explain(id);
    } else {
      unhighlight();
    }
    if ($("overlay-risk").checked) await loadRisk(id);
  }

  function deselect() {
    state.selected = null;
    state.explanation = null;
    if (cy) cy.elements(":selected").unselect();
    $("node-list").value = "";
    unhighlight();
    state.overlay.risk = null;
    applyOverlay();
    renderRisk();
    renderSelection();
    renderExplanation();
  }

  function renderSelection() {
    const box = $("selection");
    const node = state.selected && cy ? cy.getElementById(state.selected) : null;
    $("expand").disabled = !node || node.empty() || isPathOnly(node);
    $("collapse").disabled =
      !node || node.empty() || !state.anchors.has(state.selected) || state.selected === state.center;
    if (!node || node.empty()) {
      const p = document.createElement("p");
      p.textContent = t("nothingSelected");
      box.replaceChildren(p);
      return;
    }
    const data = node.data();
    const heading = document.createElement("h3");
    heading.textContent = data.name || data.id;
    const dl = definitionList([
      ["id", data.id],
      ["kind", t(data.kind)],
      ["region", data.region],
      ["hops", data.hops],
      ["list", data.list],
      ["document", data.document],
      ["group", data.group ? t("groupN", data.group) : null],
      ["keyPerson", data.key_person ? keyPersonText(data.key_person) : null],
    ]);
    const badges = document.createElement("p");
    for (const badge of BADGES.filter((b) => data[b])) {
      const span = document.createElement("span");
      span.className = `badge badge-${badge}`;
      span.textContent = t("badge_" + badge);
      badges.append(span);
    }
    box.replaceChildren(heading, dl, badges);
  }

  function definitionList(rows) {
    const dl = document.createElement("dl");
    for (const [key, value] of rows) {
      if (value === undefined || value === null || value === "") continue;
      const dt = document.createElement("dt");
      dt.textContent = t(key);
      const dd = document.createElement("dd");
      dd.textContent = String(value);
      dl.append(dt, dd);
    }
    return dl;
  }

  // --------------------------------------------------------------- explanation

  async function explain(id) {
    const data = await api("/v1/graph/explain", { id, as_of: asOf() });
    if (state.selected !== id) return;
    state.explanation = data;
    renderExplanation();
    if (data.restrictions.length) showRestriction(0);
  }

  function nameOf(id) {
    const node = cy.getElementById(id);
    if (node.nonempty()) return node.data("name") || id;
    const known = state.explanation && state.explanation.nodes.find((n) => n.id === id);
    return (known && known.name) || id;
  }

  function renderExplanation() {
    const section = $("explanation");
    const list = $("restrictions");
    const data = state.explanation;
    if (!data) {
      section.hidden = true;
      list.replaceChildren();
      return;
    }
    section.hidden = false;
    if (!data.restrictions.length) {
      const li = document.createElement("li");
      li.textContent = t("notRestricted");
      list.replaceChildren(li);
      return;
    }
    const items = data.restrictions.map((r, i) => {
      const li = document.createElement("li");
      li.className = "restriction";
      li.dataset.index = String(i);
      const title = document.createElement("strong");
      title.textContent = `${r.measure}${r.description ? " · " + r.description : ""}`;
      const node = data.nodes.find((n) => n.id === r.entry);
      const listText = node && node.list_type ? `${r.list} (${node.list_type})` : r.list;
      const dl = definitionList([
        ["measure", r.measure],
        ["list", listText],
        ["entry", r.entry],
        ["record", r.record],
        ["document", r.document],
        ["role", t(r.role)],
        ["via", r.via ? nameOf(r.via) : null],
        ["legalBasis", r.legal_basis],
        ["authority", r.authority],
        ["act", `${r.act_start} – ${r.act_end || ""}`],
        ["until", r.until],
        ["remedy", r.remedy],
        ["serious", r.serious ? t("yes") : null],
        ["objectionOpen", r.objection ? t("yes") : null],
      ]);
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = t("showPath");
      button.addEventListener("click", () => showRestriction(i));
      li.append(title, dl, button);
      return li;
    });
    list.replaceChildren(...items);
    if (state.activeRestriction != null) markActive(state.activeRestriction);
  }

  function markActive(index) {
    for (const li of document.querySelectorAll("#restrictions li.restriction")) {
      li.classList.toggle("active", li.dataset.index === String(index));
    }
  }

  /** Draw the restriction's path (adding entry, record and any intermediate subject) and
   *  highlight it: subject → role or holdings → listed organisation → entry → record. */
  function showRestriction(index) {
    const data = state.explanation;
    const restriction = data.restrictions[index];
    state.activeRestriction = index;
    const nodesById = new Map(data.nodes.map((n) => [n.id, n]));
    const ids = restriction.path.filter((_, i) => i % 2 === 0);
    const links = [];
    for (let i = 0; i + 1 < ids.length; i += 1) {
      const type = restriction.path[2 * i + 1];
      const [source, target] = type === "LISTS" ? [ids[i + 1], ids[i]] : [ids[i], ids[i + 1]];
      links.push({ type, source, target });
    }
    for (const id of ids) {
      if (cy.getElementById(id).empty() && nodesById.has(id)) {
        state.extraNodes.set(id, nodesById.get(id));
      }
    }
    const found = [];
    for (const link of links) {
      const drawn = cy
        .edges()
        .filter(
          (e) =>
            e.data("type") === link.type &&
            e.data("source") === link.source &&
            e.data("target") === link.target,
        );
      if (drawn.nonempty()) {
        found.push(drawn);
        continue;
      }
      const edge = data.edges.find(
        (e) => e.type === link.type && e.source === link.source && e.target === link.target,
      );
      if (edge) state.extraEdges.set(edge.id, edge);
    }
    return sync(false).then(() => {
      let path = cy.collection();
      for (const id of ids) path = path.union(cy.getElementById(id));
      for (const link of links) {
        path = path.union(
          cy
            .edges()
            .filter(
              (e) =>
                e.data("type") === link.type &&
                e.data("source") === link.source &&
                e.data("target") === link.target,
            ),
        );
      }
      highlight(path);
      markActive(index);
    });
  }

  function highlight(elements) {
    cy.batch(() => {
      cy.elements().removeClass("highlighted").addClass("faded");
      elements.removeClass("faded").addClass("highlighted");
    });
  }

  function unhighlight() {
    state.activeRestriction = null;
    if (cy) cy.elements().removeClass("faded highlighted");
  }


  // ---------------------------------------------------------- analytics overlay

  /** The neighbourhood the analytics are computed on: the centre at its depth, on the date. */
  function overlayScope() {
    const anchor = state.center && state.anchors.get(state.center);
    return {
      subject: state.center,
      depth: anchor ? anchor.depth : Number($("depth").value),
      as_of: asOf(),
    };
  }

  async function loadGroups() {
    if (!state.center) return;
    const scope = overlayScope();
    const data = await api("/v1/analytics/groups", scope);
    if (state.center !== scope.subject || !$("overlay-groups").checked) return;
    state.overlay.groups = data;
    applyOverlay();
  }

  async function loadKeyPersons() {
    if (!state.center) return;
    const scope = overlayScope();
    const data = await api("/v1/analytics/key-persons", scope);
    if (state.center !== scope.subject || !$("overlay-key-persons").checked) return;
    state.overlay.keyPersons = data;
    applyOverlay();
  }

  async function loadRisk(id) {
    const node = id && cy.getElementById(id);
    if (!node || node.empty() || !KIND_CLASS[node.data("kind")] || isPathOnly(node)) {
      state.overlay.risk = null;
      renderRisk();
      return;
    }
    const { depth, as_of } = overlayScope();
    const data = await api(`/v1/analytics/subjects/${encodeURIComponent(id)}/risk`, {
      depth,
      as_of,
    });
    if (state.selected !== id || !$("overlay-risk").checked) return;
    state.overlay.risk = data;
    applyOverlay();
    renderRisk();
  }

  /** The centre, depth or date changed: fetch the overlays that are switched on again. */
  async function refreshOverlays() {
    state.overlay.groups = null;
    state.overlay.keyPersons = null;
    applyOverlay();
    const loads = [];
    if ($("overlay-groups").checked) loads.push(loadGroups());
    if ($("overlay-key-persons").checked) loads.push(loadKeyPersons());
    await Promise.all(loads);
  }

  function clearOverlay() {
    for (const id of ["overlay-groups", "overlay-key-persons", "overlay-risk"]) {
      $(id).checked = false;
    }
    state.overlay = { groups: null, keyPersons: null, risk: null };
    applyOverlay();
    renderRisk();
  }

  const OVERLAY_CLASSES = [
    ...GROUP_COLOURS.map((_, i) => `group-${i}`),
    "grouped",
    "key-person",
    "risk-near",
  ].join(" ");

  /** Draw the overlay answers on the canvas (after every sync, which resets the classes). */
  function applyOverlay() {
    if (!cy) return;
    const { groups, keyPersons, risk } = state.overlay;
    cy.batch(() => {
      cy.nodes().forEach((n) => {
        const had = n.data("key_person");
        n.removeClass(OVERLAY_CLASSES);
        n.removeData("group key_person");
        if (had) n.data("label", nodeLabel(n.data()));
      });
      (groups ? groups.groups : []).forEach((group, i) => {
        const info = {
          n: i + 1,
          name: group.organisations[0].name || group.organisations[0].id,
          count: group.organisations.length,
        };
        for (const org of group.organisations) {
          const node = cy.getElementById(org.id);
          if (node.empty()) continue;
          node.addClass(`grouped group-${i % GROUP_COLOURS.length}`);
          node.data("group", info);
        }
      });
      for (const key of keyPersons ? keyPersons.persons : []) {
        const node = cy.getElementById(key.person.id);
        if (node.empty()) continue;
        node.addClass("key-person");
        node.data("key_person", {
          represents: key.represents.length,
          controls: key.controls.length,
          splits: key.split ? key.split.parts.length : 0,
        });
        node.data("label", nodeLabel(node.data()));
      }
      for (const near of risk ? risk.restricted : []) {
        cy.getElementById(near.subject.id).addClass("risk-near");
      }
    });
    renderOverlayLegend();
    renderSelection();
  }

  function keyPersonText(key) {
    const parts = [];
    if (key.represents) parts.push(`${t("keyRepresents")} ${key.represents}`);
    if (key.controls) parts.push(`${t("keyControls")} ${key.controls}`);
    if (key.splits) parts.push(`${t("keySplits")} → ${key.splits}`);
    return parts.join("; ") || t("yes");
  }

  function legendItem(swatchClass, text) {
    const li = document.createElement("li");
    const swatch = document.createElement("span");
    swatch.className = `swatch ${swatchClass}`;
    const label = document.createElement("span");
    label.textContent = text;
    li.append(swatch, label);
    return li;
  }

  function renderOverlayLegend() {
    const list = $("overlay-legend");
    const { groups, keyPersons, risk } = state.overlay;
    const items = [];
    if (groups) {
      groups.groups.slice(0, GROUP_COLOURS.length).forEach((group, i) => {
        const text = t("groupN", {
          n: i + 1,
          name: group.organisations[0].name || group.organisations[0].id,
          count: group.organisations.length,
        });
        items.push(legendItem(`group-${i}`, text));
      });
      if (!groups.groups.length) items.push(legendItem("overlay-none", t("groupsNone")));
      if (groups.groups.length > GROUP_COLOURS.length) {
        const more = groups.groups.length - GROUP_COLOURS.length;
        items.push(legendItem("overlay-none", t("groupsMore", { count: more })));
      }
    }
    if (keyPersons) {
      items.push(legendItem("overlay-key-person", t("keyPersonLegend")));
      if (!keyPersons.persons.length) {
        items.push(legendItem("overlay-none", t("keyPersonsNone")));
      }
    }
    if (risk) items.push(legendItem("overlay-risk-near", t("riskNearLegend")));
    list.replaceChildren(...items);
    list.hidden = items.length === 0;
  }

  function percent(value) {
    return `${Math.round(value * 1000) / 10}%`;
  }

  function renderRisk() {
    const section = $("risk");
    const body = $("risk-body");
    const data = state.overlay.risk;
    if (!data) {
      section.hidden = true;
      body.replaceChildren();
      return;
    }
    section.hidden = false;
    const dl = definitionList([
      ["name", data.subject.name || data.subject.id],
      ["riskDepth", data.depth],
      ["riskWithin", data.within],
      ["riskCount", data.restricted_count],
      ["riskShare", percent(data.share)],
      ["riskScore", data.score],
      ["riskWeightedShare", percent(data.weighted_share)],
    ]);
    const names = new Map([[data.subject.id, data.subject.name]]);
    for (const near of data.restricted) names.set(near.subject.id, near.subject.name);
    const label = (id) => {
      const node = cy.getElementById(id);
      return names.get(id) || (node.nonempty() && node.data("name")) || id;
    };
    let list;
    if (!data.restricted.length) {
      list = document.createElement("p");
      list.textContent = t("riskNone");
    } else {
      list = document.createElement("ol");
      list.id = "risk-restricted";
      for (const near of data.restricted) {
        const li = document.createElement("li");
        li.dataset.id = near.subject.id;
        const title = document.createElement("strong");
        title.textContent = t("riskItem", {
          name: near.subject.name || near.subject.id,
          hops: near.hops,
          weight: near.weight,
        });
        const path = document.createElement("p");
        path.className = "risk-path";
        path.textContent = near.path.map((x, i) => (i % 2 ? t(x) : label(x))).join(" → ");
        li.append(title, path);
        for (const reason of near.reasons) {
          const p = document.createElement("p");
          p.className = "risk-reason";
          p.textContent = reason;
          li.append(p);
        }
        list.append(li);
      }
    }
    body.replaceChildren(dl, list);
  }

  // --------------------------------------------------------------------- paths

  async function findPaths() {
    const from = $("path-from").value.trim();
    const to = $("path-to").value.trim();
    if (!from || !to) throw new Error(t("needEnds"));
    if (!selectedTypes().length) throw new Error(t("noTypes"));
    const data = await api("/v1/graph/paths", {
      from,
      to,
      k: $("path-k").value,
      max_hops: $("path-hops").value,
      types: selectedTypes().join(","),
      as_of: asOf(),
    });
    state.paths = data;
    for (const node of data.nodes) {
      if (cy.getElementById(node.id).empty()) state.extraNodes.set(node.id, node);
    }
    for (const path of data.paths) {
      for (const edge of path.edges) {
        if (cy.getElementById(edge.id).empty()) state.extraEdges.set(edge.id, edge);
      }
    }
    await sync(cy.nodes().length === 0);
    renderPaths();
    showPath(null);
  }

  function renderPaths() {
    const list = $("path-results");
    const data = state.paths;
    if (!data) {
      list.replaceChildren();
      return;
    }
    if (!data.paths.length) {
      const li = document.createElement("li");
      li.textContent = t("noPaths");
      list.replaceChildren(li);
      return;
    }
    const names = new Map(data.nodes.map((n) => [n.id, n.name || n.id]));
    list.replaceChildren(
      ...data.paths.map((path, i) => {
        const li = document.createElement("li");
        const button = document.createElement("button");
        button.type = "button";
        button.className = "path";
        button.textContent = t("pathLabel", {
          hops: path.hops,
          names: path.nodes.map((id) => names.get(id) || id).join(" → "),
        });
        button.addEventListener("click", () => showPath(i));
        li.append(button);
        return li;
      }),
    );
  }

  function showPath(index) {
    const data = state.paths;
    if (!data || !data.paths.length) return;
    const chosen = index == null ? data.paths : [data.paths[index]];
    let elements = cy.collection();
    for (const path of chosen) {
      for (const id of path.nodes) elements = elements.union(cy.getElementById(id));
      for (const edge of path.edges) elements = elements.union(cy.getElementById(edge.id));
    }
    highlight(elements);
  }

  // -------------------------------------------------------------------- export

  function stamp() {
    return `${state.center || "graph"}-${asOf()}`;
  }

  function download(blob, filename) {
    const url = URL.createObjectURL(blob);
    const a = document.createElement("a");
    a.href = url;
    a.download = filename;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
    say(t("exported", { file: filename }));
  }

  function exportPng() {
    const blob = cy.png({ output: "blob", full: true, bg: "#ffffff", scale: 2, maxWidth: 8000 });
    download(blob, `credit-graph-${stamp()}.png`);
  }

  function csvCell(value) {
    if (value === undefined || value === null) return "";
    let text = String(value);
    if (/^[=+\-@\t\r]/.test(text)) text = "'" + text; // no formula injection in spreadsheets
    return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  }

  function exportCsv() {
    const header = [
      "element", "id", "kind_or_type", "name", "source", "target", "ratio", "valid_from",
      "valid_to", ...BADGES,
    ];
    const rows = [header];
    cy.nodes(":visible").forEach((n) => {
      const d = n.data();
      rows.push(["node", d.id, d.kind, d.name, "", "", "", "", "", ...BADGES.map((b) => d[b])]);
    });
    cy.edges(":visible").forEach((e) => {
      const d = e.data();
      rows.push([
        "edge", d.id, d.type, "", d.source, d.target, d.ratio, d.valid_from, d.valid_to,
        ...BADGES.map(() => ""),
      ]);
    });
    const text = "\ufeff" + rows.map((r) => r.map(csvCell).join(",")).join("\r\n") + "\r\n";
    download(new Blob([text], { type: "text/csv;charset=utf-8" }), `credit-graph-${stamp()}.csv`);
  }

  // ------------------------------------------------------------------- wiring

  function wire() {
    $("search-form").addEventListener("submit", (event) => {
      event.preventDefault();
      run(search);
    });
    $("lang-toggle").addEventListener("click", () => {
      state.lang = state.lang === "zh" ? "en" : "zh";
      sessionStorage.setItem(LANG_KEY, state.lang);
      applyLanguage();
    });
    $("token-button").addEventListener("click", () => openTokenDialog(null));
    $("token-form").addEventListener("submit", (event) => {
      event.preventDefault();
      const token = $("token-input").value.trim();
      if (!token) return;
      sessionStorage.setItem(TOKEN_KEY, token);
      sessionStorage.setItem(PURPOSE_KEY, $("purpose-select").value);
      $("token-dialog").close();
      clearError();
      const pending = state.pending;
      state.pending = null;
      if (pending) run(pending);
    });
    $("token-cancel").addEventListener("click", () => {
      state.pending = null;
      $("token-dialog").close();
    });
    for (const box of document.querySelectorAll('input[name="types"]')) {
      box.addEventListener("change", () => run(replay));
    }
    $("as-of").addEventListener("change", () => run(replay));
    $("limit").addEventListener("change", () => {
      clampLimit();
      run(replay);
    });
    $("depth").addEventListener("change", () =>
      run(async () => {
        if (!state.center) return;
        const anchor = state.anchors.get(state.center);
        if (anchor) anchor.depth = Number($("depth").value);
        await replay();
      }),
    );
    $("layout").addEventListener("change", () => run(() => layout().then(renderLayoutDone)));
    $("relayout").addEventListener("click", () => run(() => layout().then(renderLayoutDone)));
    $("expand").addEventListener("click", () => run(() => expand(state.selected)));
    $("collapse").addEventListener("click", () => run(() => collapse(state.selected)));
    $("clear-highlight").addEventListener("click", unhighlight);
    $("node-list").addEventListener("change", () =>
      run(async () => {
        const id = $("node-list").value;
        if (!id) {
          deselect();
          return;
        }
        cy.center(cy.getElementById(id));
        await select(id);
      }),
    );
    $("path-from-selected").addEventListener("click", () => {
      if (state.selected) $("path-from").value = state.selected;
    });
    $("path-to-selected").addEventListener("click", () => {
      if (state.selected) $("path-to").value = state.selected;
    });
    $("path-find").addEventListener("click", () => run(findPaths));
    $("export-png").addEventListener("click", () => run(async () => exportPng()));
    $("overlay-groups").addEventListener("change", (event) =>
      run(async () => {
        state.overlay.groups = null;
        applyOverlay();
        if (event.target.checked) await loadGroups();
      }),
    );
    $("overlay-key-persons").addEventListener("change", (event) =>
      run(async () => {
        state.overlay.keyPersons = null;
        applyOverlay();
        if (event.target.checked) await loadKeyPersons();
      }),
    );
    $("overlay-risk").addEventListener("change", (event) =>
      run(async () => {
        state.overlay.risk = null;
        applyOverlay();
        renderRisk();
        if (event.target.checked && state.selected) await loadRisk(state.selected);
      }),
    );
    $("overlay-clear").addEventListener("click", clearOverlay);
    $("export-csv").addEventListener("click", () => run(async () => exportCsv()));
  }

  function renderLayoutDone(ms) {
    say(t("layoutDone", { ms }));
  }

  function start() {
    if (window.cytoscapeFcose) window.cytoscape.use(window.cytoscapeFcose);
    $("as-of").value = new Date().toISOString().slice(0, 10);
    createGraph();
    wire();
    applyLanguage();
    if (!sessionStorage.getItem(TOKEN_KEY)) openTokenDialog(null);
    // for the browser tests and bench/explorer_render.py
    window.explorer = { cy: () => cy, state, open, layout };
  }

  document.addEventListener("DOMContentLoaded", start);
})();
