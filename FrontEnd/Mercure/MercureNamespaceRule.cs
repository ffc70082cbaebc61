using Microsoft.Extensions.Options;
using SseOrleans.Abstractions;

namespace SseOrleans.FrontEnd.Mercure;

/// <summary>
/// <c>Sse:Mercure:Namespace</c> must be a normalized namespace with room for topics below it (the rule of
/// <see cref="TopicNamespaces"/>): checked at start, so a typo is a message, not a hub that fails per request.
/// </summary>
internal sealed class MercureNamespaceRule : IValidateOptions<SseOptions>
{
    public ValidateOptionsResult Validate(string? name, SseOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Mercure.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        try
        {
            _ = new TopicNamespaces(options.Mercure.Namespace ?? string.Empty);
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException)
        {
            return ValidateOptionsResult.Fail(
                $"Sse:Mercure:Namespace '{options.Mercure.Namespace}' must be a normalized namespace (e.g. /mercure) of fewer than {NamespacePath.MaxDepth - 2} segments and {NamespacePath.MaxBytes / 2} characters.");
        }
    }
}
