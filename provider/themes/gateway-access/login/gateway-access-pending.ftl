<#-- Shown instead of tokens while the user awaits activation (PendingApprovalRequiredAction). -->
<#import "template.ftl" as layout>
<@layout.registrationLayout displayInfo=false; section>
    <#if section = "header">
        ${msg("gatewayAccessPendingTitle")}
    <#elseif section = "form">
        <div id="gateway-access-pending">
            <p id="gateway-access-pending-message">${msg("gatewayAccessPendingMessage", gatewayAccessRealmName!"")}</p>
            <p>${msg("gatewayAccessPendingHint")}</p>
            <form id="gateway-access-pending-form" action="${url.loginAction}" method="post">
                <input class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!}"
                       type="submit" name="check" value="${msg("gatewayAccessPendingCheckAgain")}"/>
            </form>
        </div>
    </#if>
</@layout.registrationLayout>
