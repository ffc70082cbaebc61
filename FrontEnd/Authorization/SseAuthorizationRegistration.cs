using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SseOrleans.Abstractions;

namespace SseOrleans.FrontEnd.Authorization;

/// <summary>The authorization model's services, registered by <c>AddSseFrontEnd</c>.</summary>
internal static class SseAuthorizationRegistration
{
    public static void AddSseAuthorization(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        if (services.Any(service => service.ServiceType == typeof(NamespaceAuthorizer)))
        {
            return;
        }

        services.AddAuthorization();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAuthorizationHandler, MercureClaimsHandler>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAuthorizationHandler, PublicSubscribeHandler>());
        services.AddSingleton<NamespaceAuthorizer>();
        services.AddSingleton<SseTokenPaths>();
        RedactQueryTokens(services);

        // Whether a scheme exists decides what the host's authentication does, so it is read now (through
        // the same contract the options bind): a scheme registered but unconfigured would only fail.
        var sse = builder.Configuration.GetSection(SseOptions.SectionName).Get<SseOptions>();
        var schemes = new (string Name, bool Configured)[]
        {
            (SseAuthentication.Scheme, sse?.Auth.IsConfigured == true),
            (SseAuthentication.MercurePublisherScheme, !string.IsNullOrEmpty(sse?.Mercure.PublisherKey)),
            (SseAuthentication.MercureSubscriberScheme, !string.IsNullOrEmpty(sse?.Mercure.SubscriberKey)),
        };
        foreach (var (name, configured) in schemes)
        {
            if (configured)
            {
                services.AddAuthentication().AddJwtBearer(name, _ => { });
                services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<JwtBearerOptions>, SseJwtBearerSetup>());
            }
        }
    }

    // Wraps whatever creates HttpContexts (ASP.NET Core's default, or the host's own).
    private static void RedactQueryTokens(IServiceCollection services)
    {
        var inner = services.LastOrDefault(service => service.ServiceType == typeof(IHttpContextFactory));
        services.RemoveAll<IHttpContextFactory>();
        services.AddSingleton<IHttpContextFactory>(provider => new QueryTokenRedaction(Create(provider, inner), provider.GetRequiredService<SseTokenPaths>()));
    }

    private static IHttpContextFactory Create(IServiceProvider provider, ServiceDescriptor? inner) => inner switch
    {
        { ImplementationInstance: IHttpContextFactory instance } => instance,
        { ImplementationFactory: { } factory } => (IHttpContextFactory)factory(provider),
        { ImplementationType: { } type } => (IHttpContextFactory)ActivatorUtilities.CreateInstance(provider, type),
        _ => new DefaultHttpContextFactory(provider),
    };
}
