<#ftl output_format="plainText">
${msg("gatewayAccessActivatedBody", realmName, gatewayRole)}
