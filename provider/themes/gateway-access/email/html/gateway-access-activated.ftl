<html>
<body>
${kcSanitize(msg("gatewayAccessActivatedBodyHtml", realmName, gatewayRole))?no_esc}
</body>
</html>
