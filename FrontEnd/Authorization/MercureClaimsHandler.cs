using Microsoft.AspNetCore.Authorization;

namespace SseOrleans.FrontEnd.Authorization;

/// <summary>Succeeds when the caller's token (or the publish key) grants the operation on a subtree that holds the namespace.</summary>
internal sealed class MercureClaimsHandler : AuthorizationHandler<NamespaceRequirement, string>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, NamespaceRequirement requirement, string resource)
    {
        if (MercureClaims.Allow(context.User, requirement.Operation, resource))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
