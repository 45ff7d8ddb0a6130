"use strict";

exports.id = 855;

exports.ids = [ 855 ];

exports.modules = {
  855: (__unused_webpack_module, __webpack_exports__, __webpack_require__) => {
    __webpack_require__.d(__webpack_exports__, {
      summaryMarkdown: () => summaryMarkdown
    });
    function summaryMarkdown(facts) {
      const rows = facts.map(([label, value]) => `| ${cell(label)} | ${cell(value)} |`);
      return [ "### OAuth 2.0 token", "", "| | |", "| --- | --- |", ...rows, "" ].join("\n");
    }
    function cell(text) {
      return text.replace(/[\s\p{Cc}]+/gu, " ").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/[\\`*_[\]|!]/g, match => `\\${match}`).trim();
    }
  }
};


