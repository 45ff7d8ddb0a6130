"use strict";
exports.id = 855;
exports.ids = [855];
exports.modules = {

/***/ 855:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   summaryMarkdown: () => (/* binding */ summaryMarkdown)
/* harmony export */ });
/**
 * The job summary: one short table of facts about the token, none of them secret. Cells are
 * escaped, so a claim cannot add rows, links or HTML.
 */
function summaryMarkdown(facts) {
    const rows = facts.map(([label, value]) => `| ${cell(label)} | ${cell(value)} |`);
    return ['### OAuth 2.0 token', '', '| | |', '| --- | --- |', ...rows, ''].join('\n');
}
function cell(text) {
    return text
        .replace(/[\s\p{Cc}]+/gu, ' ')
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/[\\`*_[\]|!]/g, match => `\\${match}`)
        .trim();
}


/***/ })

};
;