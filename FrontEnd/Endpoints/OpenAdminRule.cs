using Microsoft.Extensions.Options;
using SseOrleans.Abstractions;
using SseOrleans.FrontEnd.Authorization;

namespace SseOrleans.FrontEnd.Endpoints;

/// <summary>
/// A front-end does not start with its admin pages open (enabled, no <c>Sse:AdminKey</c>) while some
/// namespace is not public (<c>Sse:Anonymous:Subscribe</c> covers less than every namespace, as with
/// <c>Sse:Auth</c> and private namespaces): those pages list every namespace with subscribers, their counts,
/// request paths and user agents, to anyone who reaches them. A front-end rule, not one of
/// <see cref="SseOptionsValidator"/>'s: silos read the same section and serve no admin pages.
/// </summary>
internal sealed class OpenAdminRule : IValidateOptions<SseOptions>
{
    public ValidateOptionsResult Validate(string? name, SseOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.AdminEnabled && string.IsNullOrEmpty(options.AdminKey) && !EveryNamespaceIsPublic(options.Anonymous.Subscribe)
            ? ValidateOptionsResult.Fail(
                "Sse:AdminKey must be set (or Sse:AdminEnabled=false) while some namespace is not public (Sse:Anonymous:Subscribe): "
                + "the admin pages show every namespace with subscribers, with their request paths and user agents, to anyone who reaches them.")
            : ValidateOptionsResult.Success;
    }

    private static bool EveryNamespaceIsPublic(string[] subtrees) =>
        Array.Exists(subtrees, subtree => NamespaceGrant.TryParse(subtree, out var grant) && NamespaceGrant.Covers(grant, NamespacePath.Root));
}
