/* The interventions grid's "Link" cell: a real link, built as a DOM element (never HTML text),
   and only for http(s) addresses (the server drops anything else). */
var dagcomponentfuncs = (window.dashAgGridComponentFunctions = window.dashAgGridComponentFunctions || {});

dagcomponentfuncs.ServiceLink = function (props) {
  var url = props.value || "";
  if (!/^https?:\/\//i.test(url)) {
    return React.createElement("span", {className: "text-muted"}, "none");
  }
  var host = url.replace(/^https?:\/\//i, "").split("/")[0];
  return React.createElement(
    "a", {href: url, target: "_blank", rel: "noopener noreferrer", title: url}, host);
};
