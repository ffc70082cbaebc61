using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using SseOrleans.Abstractions;

namespace SseOrleans.FrontEnd.Authorization;

/// <summary>
/// Succeeds a subscribe to a namespace in one of the public subtrees (<c>Sse:Anonymous:Subscribe</c>,
/// <c>/</c> by default), for anyone: with a token or without.
/// </summary>
internal sealed class PublicSubscribeHandler(IOptions<SseOptions> options) : AuthorizationHandler<NamespaceRequirement, string>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, NamespaceRequirement requirement, string resource)
    {
        if (requirement.Operation == NamespaceOperation.Subscribe)
        {
            foreach (var selector in options.Value.Anonymous.Subscribe)
            {
                if (NamespaceGrant.TryParse(selector, out var grant) && NamespaceGrant.Covers(grant, resource))
                {
                    context.Succeed(requirement);
                    break;
                }
            }
        }

        return Task.CompletedTask;
    }
}
