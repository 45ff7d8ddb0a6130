"use strict";

exports.id = 855;

exports.ids = [ 855 ];

exports.modules = {
  855: (__unused_webpack_module, __webpack_exports__, __webpack_require__) => {
    __webpack_require__.d(__webpack_exports__, {
      summaryMarkdown: () => summaryMarkdown
    });
    var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(674);
    function summaryMarkdown(facts) {
      const rows = facts.map(([label, value]) => `| ${cell(label)} | ${cell(value)} |`);
      return [ "### OAuth 2.0 token", "", "| | |", "| --- | --- |", ...rows, "" ].join("\n");
    }
    function cell(text) {
      return text.replace(_errors_js__WEBPACK_IMPORTED_MODULE_0__.L$, " ").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/[\\`*_[\]|!]/g, match => `\\${match}`).trim();
    }
  }
};


