using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace SseOrleans.Abstractions;

public static class SseOptionsServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="SseOptions"/> to the <c>Sse</c> section and validates it at start. Safe to call
    /// more than once (a process that hosts the grains and the front-end does): it registers once.
    /// </summary>
    public static IServiceCollection AddSseOptions(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(service => service.ServiceType == typeof(SseOptionsValidator)))
        {
            return services;
        }

        services.AddSingleton<SseOptionsValidator>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SseOptions>, SseOptionsValidator>(
            provider => provider.GetRequiredService<SseOptionsValidator>()));
        services.AddOptions<SseOptions>()
            .BindConfiguration(SseOptions.SectionName)
            .PostConfigure(options =>
            {
                if (options.AllowedOrigins is null or { Length: 0 })
                {
                    options.AllowedOrigins = ["*"];
                }

                if (options.Anonymous.Subscribe is null or { Length: 0 })
                {
                    options.Anonymous.Subscribe = [NamespacePath.Root];
                }
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();
        return services;
    }
}
