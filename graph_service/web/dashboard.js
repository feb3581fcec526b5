/*
 * The credit office's statistics dashboard (issue 15): GET /v1/statistics drawn as charts by
 * the vendored Chart.js, a totals panel, a table and a CSV export. Same origin only: the
 * token the user types stays in this tab's sessionStorage (shared with the explorer).
 */
(() => {
  "use strict";

  const TOKEN_KEY = "credit-graph.token";
  const LANG_KEY = "credit-graph.lang";

  const CHARTS = {
    "chart-lists": ["subjects_listed", "entries_in_force", "entries_added", "entries_removed"],
    "chart-feedback": ["hits", "feedback_given", "feedback_overdue", "measures_applied"],
    "chart-workflows": [
      "objections_filed",
      "objections_upheld",
      "objection_days_mean",
      "repairs",
      "revocations",
    ],
    "chart-commitments": ["commitments_made", "commitments_kept", "commitments_broken"],
  };
  const COLOURS = ["#4e79a7", "#f28e2b", "#e15759", "#59a14f", "#b07aa1"];

  const TEXT = {
    zh: {
      title: "信用联合奖惩统计",
      language: "English",
      from: "起始日期",
      to: "截止日期",
      by: "分组",
      by_month: "按月",
      by_list: "按名单",
      by_measure: "按措施",
      by_authority: "按部门",
      by_region: "按区域",
      refresh: "查询",
      exportCsv: "导出 CSV",
      token: "访问令牌",
      tokenTitle: "输入访问令牌",
      tokenHelp: "令牌仅保存在本标签页的会话存储中，关闭标签页即清除。",
      save: "保存",
      cancel: "取消",
      totals: "期间合计",
      table: "分组明细",
      chart_lists: "名单主体与条目",
      chart_feedback: "命中与反馈",
      chart_workflows: "异议、修复与撤销",
      chart_commitments: "信用承诺",
      group: "分组",
      none: "（无）",
      error: "出错",
      tokenNeeded: "需要访问令牌",
      loaded: "{from} 至 {to}，{n} 个分组",
      subjects_listed: "名单内主体",
      entries_in_force: "在列条目",
      entries_added: "新增列入",
      entries_removed: "移出名单",
      hits: "命中",
      feedback_given: "已反馈",
      feedback_overdue: "反馈逾期",
      measures_applied: "已实施措施",
      objections_filed: "异议申请",
      objections_decided: "异议已处理",
      objections_upheld: "异议成立",
      objection_days_mean: "异议平均处理天数",
      repairs: "信用修复",
      revocations: "撤销或变更",
      commitments_made: "作出承诺",
      commitments_kept: "承诺已履行",
      commitments_broken: "承诺未履行",
    },
    en: {
      title: "Joint reward and sanction statistics",
      language: "中文",
      from: "From",
      to: "To",
      by: "Group by",
      by_month: "Month",
      by_list: "List",
      by_measure: "Measure",
      by_authority: "Authority",
      by_region: "Region",
      refresh: "Show",
      exportCsv: "Export CSV",
      token: "Access token",
      tokenTitle: "Enter an access token",
      tokenHelp: "The token stays in this tab's session storage and is cleared when it closes.",
      save: "Save",
      cancel: "Cancel",
      totals: "Totals for the period",
      table: "By group",
      chart_lists: "Subjects and entries on lists",
      chart_feedback: "Hits and feedback",
      chart_workflows: "Objections, repairs and revocations",
      chart_commitments: "Credit commitments",
      group: "Group",
      none: "(none)",
      error: "Error",
      tokenNeeded: "An access token is needed",
      loaded: "{from} to {to}, {n} groups",
      subjects_listed: "Subjects listed",
      entries_in_force: "Entries in force",
      entries_added: "Entries added",
      entries_removed: "Entries removed",
      hits: "Hits",
      feedback_given: "Feedback given",
      feedback_overdue: "Feedback overdue",
      measures_applied: "Measures applied",
      objections_filed: "Objections filed",
      objections_decided: "Objections decided",
      objections_upheld: "Objections upheld",
      objection_days_mean: "Mean days per objection",
      repairs: "Repairs",
      revocations: "Revocations or changes",
      commitments_made: "Commitments made",
      commitments_kept: "Commitments kept",
      commitments_broken: "Commitments broken",
    },
  };

  const state = {
    lang: sessionStorage.getItem(LANG_KEY) === "en" ? "en" : "zh",
    answer: null, // the last GET /v1/statistics answer
    charts: {},
    pending: false, // a load waiting for a token
  };

  const $ = (id) => document.getElementById(id);

  function t(key, values) {
    let text = TEXT[state.lang][key] ?? TEXT.zh[key] ?? key;
    for (const [name, value] of Object.entries(values || {})) {
      text = text.replace(`{${name}}`, String(value));
    }
    return text;
  }

  function keyLabel(key) {
    return key === null || key === undefined ? t("none") : key;
  }

  // ------------------------------------------------------------------------- api

  class ApiError extends Error {
    constructor(status, message) {
      super(message);
      this.status = status;
    }
  }

  async function fetchStatistics() {
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (!token) throw new ApiError(401, t("tokenNeeded"));
    const url = new URL("/v1/statistics", window.location.origin);
    url.searchParams.set("from", $("from").value);
    url.searchParams.set("to", $("to").value);
    url.searchParams.set("by", $("by").value);
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

  function openTokenDialog() {
    state.pending = true;
    $("token-input").value = "";
    if (!$("token-dialog").open) $("token-dialog").showModal();
    $("token-input").focus();
  }

  async function load() {
    clearError();
    try {
      state.answer = await fetchStatistics();
      render();
    } catch (error) {
      showError(error);
      if (error instanceof ApiError && error.status === 401) openTokenDialog();
    }
  }

  // ---------------------------------------------------------------------- render

  function renderTotals() {
    const list = $("totals");
    list.replaceChildren();
    if (!state.answer) return;
    for (const metric of state.answer.metrics) {
      const item = document.createElement("div");
      item.dataset.metric = metric;
      const term = document.createElement("dt");
      term.textContent = t(metric);
      const value = document.createElement("dd");
      value.textContent = String(state.answer.totals[metric] ?? 0);
      item.append(term, value);
      list.append(item);
    }
  }

  function renderTable() {
    const table = $("stats-table");
    table.replaceChildren();
    if (!state.answer) return;
    const head = table.createTHead().insertRow();
    for (const text of [t("group"), ...state.answer.metrics.map((m) => t(m))]) {
      const cell = document.createElement("th");
      cell.scope = "col";
      cell.textContent = text;
      head.append(cell);
    }
    const body = table.createTBody();
    for (const group of state.answer.groups) {
      const row = body.insertRow();
      row.insertCell().textContent = keyLabel(group.key);
      for (const metric of state.answer.metrics) {
        row.insertCell().textContent = String(group.counts[metric] ?? 0);
      }
    }
  }

  function renderCharts() {
    if (!state.answer || typeof Chart === "undefined") return;
    const labels = state.answer.groups.map((g) => keyLabel(g.key));
    for (const [id, metrics] of Object.entries(CHARTS)) {
      const datasets = metrics.map((metric, i) => ({
        label: t(metric),
        data: state.answer.groups.map((g) => g.counts[metric] ?? 0),
        backgroundColor: COLOURS[i % COLOURS.length],
      }));
      const chart = state.charts[id];
      if (chart) {
        chart.data.labels = labels;
        chart.data.datasets = datasets;
        chart.update();
        continue;
      }
      state.charts[id] = new Chart($(id), {
        type: "bar",
        data: { labels, datasets },
        options: {
          animation: false,
          responsive: true,
          maintainAspectRatio: false,
          scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
          plugins: { legend: { position: "bottom" } },
        },
      });
    }
  }

  function render() {
    renderTotals();
    renderTable();
    renderCharts();
    if (state.answer) {
      $("status").textContent = t("loaded", {
        from: state.answer.from,
        to: state.answer.to,
        n: state.answer.groups.length,
      });
    }
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
    render();
  }

  // ------------------------------------------------------------------------- csv

  function csvCell(value) {
    const text = String(value ?? "");
    return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  }

  /** The table as CSV: a header of labels in the current language, then a row per group
   *  and a totals row; built in the page and saved from a blob (no request is made). */
  function toCsv() {
    const answer = state.answer;
    const lines = [[t("group"), ...answer.metrics.map((m) => t(m))]];
    for (const group of answer.groups) {
      lines.push([keyLabel(group.key), ...answer.metrics.map((m) => group.counts[m] ?? 0)]);
    }
    lines.push([t("totals"), ...answer.metrics.map((m) => answer.totals[m] ?? 0)]);
    return lines.map((line) => line.map(csvCell).join(",")).join("\r\n") + "\r\n";
  }

  function exportCsv() {
    if (!state.answer) return;
    const blob = new Blob(["\ufeff" + toCsv()], { type: "text/csv;charset=utf-8" });
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = `statistics-${state.answer.by}-${state.answer.from}-${state.answer.to}.csv`;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 0);
  }

  // ------------------------------------------------------------------------ wire

  function wire() {
    const today = new Date().toISOString().slice(0, 10);
    $("to").value = today;
    $("from").value = `${today.slice(0, 4)}-01-01`;
    $("period-form").addEventListener("submit", (event) => {
      event.preventDefault();
      load();
    });
    $("by").addEventListener("change", load);
    $("export-csv").addEventListener("click", exportCsv);
    $("lang-toggle").addEventListener("click", () => {
      state.lang = state.lang === "zh" ? "en" : "zh";
      sessionStorage.setItem(LANG_KEY, state.lang);
      applyLanguage();
    });
    $("token-button").addEventListener("click", openTokenDialog);
    $("token-form").addEventListener("submit", (event) => {
      event.preventDefault();
      const token = $("token-input").value.trim();
      if (!token) return;
      sessionStorage.setItem(TOKEN_KEY, token);
      $("token-dialog").close();
      if (state.pending) {
        state.pending = false;
        load();
      }
    });
    $("token-cancel").addEventListener("click", () => {
      state.pending = false;
      $("token-dialog").close();
    });
    applyLanguage();
    if (sessionStorage.getItem(TOKEN_KEY)) load();
    else openTokenDialog();
  }

  window.dashboard = { state, toCsv, load };
  document.addEventListener("DOMContentLoaded", wire);
})();
