using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SseOrleans.FrontEnd.Authorization;
using SseOrleans.FrontEnd.Hosting;
using SseOrleans.Grains;

namespace SseOrleans.Api.Tests.Authorization;

/// <summary>
/// docs/authorization.md's "your own rules" example, as the test runs it: an app with its own sign-in (a cookie)
/// that hosts the endpoints and a silo, and decides itself who reads what.
/// </summary>
public static class OwnRulesApp
{
    public static WebApplication Create(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.UseOrleans(silo => silo.AddSseGrains().UseSseLocalhostClustering()); // or builder.UseOrleansClient()
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie();
        builder.Services.AddSingleton<IAuthorizationHandler, OwnNamespaceHandler>();
        builder.AddSseFrontEnd();

        var app = builder.Build();
        app.UseCors();
        app.UseRateLimiter();
        app.MapPost("/login/{id}", (string id) => Results.SignIn(   // a stand-in for the app's real sign-in
            new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, id)], "password"))));
        app.MapSse("/events");
        return app;
    }
}

/// <summary>A signed-in user may subscribe to <c>/users/{their id}</c> and everything under it.</summary>
public sealed class OwnNamespaceHandler : AuthorizationHandler<NamespaceRequirement, string>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, NamespaceRequirement requirement, string resource)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(requirement);
        var id = context.User.FindFirst(ClaimTypes.NameIdentifier)?.Value;
        if (requirement.Operation == NamespaceOperation.Subscribe
            && id is { Length: > 0 } && !id.Contains('/', StringComparison.Ordinal)   // one segment, never "" (that would be /users)
            && NamespaceGrant.TryParse("/users/" + id, out var own)
            && NamespaceGrant.Covers(own, resource))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
