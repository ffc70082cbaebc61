using Microsoft.AspNetCore.Authorization;

namespace SseOrleans.FrontEnd.Authorization;

/// <summary>
/// The requirement the endpoints check, with the normalized namespace path (a <see cref="string"/>) as
/// the resource: <c>IAuthorizationService.AuthorizeAsync(user, "/users/42", NamespaceRequirement.Subscribe)</c>.
/// Any <see cref="IAuthorizationHandler"/> may succeed it; an app adds its own as an
/// <c>AuthorizationHandler&lt;NamespaceRequirement, string&gt;</c>.
/// </summary>
public sealed class NamespaceRequirement : IAuthorizationRequirement
{
    private NamespaceRequirement(NamespaceOperation operation) => Operation = operation;

    public static NamespaceRequirement Subscribe { get; } = new(NamespaceOperation.Subscribe);

    public static NamespaceRequirement Publish { get; } = new(NamespaceOperation.Publish);

    public NamespaceOperation Operation { get; }

    public static NamespaceRequirement For(NamespaceOperation operation) =>
        operation == NamespaceOperation.Subscribe ? Subscribe : Publish;

    /// <summary>What authorization's own log says was not met.</summary>
    public override string ToString() => $"a grant to {Verb(Operation)} the namespace";

    internal static string Verb(NamespaceOperation operation) =>
        operation == NamespaceOperation.Subscribe ? "subscribe to" : "publish to";
}
