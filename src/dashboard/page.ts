/** The HTML shell: everything on the page is drawn by the bundle, from the API. */
export function dashboardPage(version: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Corral</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="dashboard/app.css?v=${version}">
<script type="module" src="dashboard/app.js?v=${version}"></script>
</head>
<body>
<div id="dashboard"></div>
<noscript>The Corral dashboard needs JavaScript. The API is at <a href="graphql">/graphql</a>.</noscript>
</body>
</html>
`;
}
