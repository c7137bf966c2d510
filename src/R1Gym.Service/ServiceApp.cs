using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Hosting;
using R1Gym.Service.Hosting;

namespace R1Gym.Service;

/// <summary>
/// The web app of <c>r1gym serve</c>. The caller creates the builder, adds the host's configuration and services (the
/// CLI adds exactly what its other commands use: plugins, tasks, configuration, the sandbox pool), then builds here.
/// Layers: <c>Hosting/</c> (errors, request ids, logs, auth), <c>Core/</c> (services the endpoints call: verify, sandbox,
/// episodes, the bounded queue), and one folder of endpoints per API family: <c>Native/</c>, <c>SandboxFusion/</c>, <c>OpenRlhf/</c>.
/// </summary>
public static class ServiceApp
{
    /// <summary>The default address: loopback only, so nothing is exposed without a decision (<c>--urls</c>).</summary>
    public const string DefaultUrls = "http://127.0.0.1:8080";

    /// <summary>A Kestrel builder without ASP.NET's default configuration sources (the caller's host adds its own).</summary>
    public static WebApplicationBuilder CreateBuilder(string? contentRoot = null) =>
        WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ContentRootPath = contentRoot ?? Directory.GetCurrentDirectory(),
            EnvironmentName = Environments.Production,
        });

    /// <summary>Adds the service, binds <paramref name="urls"/> (';'-separated, port 0 for any free one), builds and maps every endpoint.</summary>
    public static WebApplication Build(WebApplicationBuilder builder, string urls = DefaultUrls)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(urls);
        builder.Services.AddR1GymService(builder.Configuration);
        builder.WebHost.UseUrls(urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        var app = builder.Build();
        app.UseMiddleware<ErrorResponses>();
        app.UseMiddleware<ApiKeyAuthentication>();
        app.MapOpenApi();
        Native.TaskEndpoints.Map(app);
        Native.VerifyEndpoints.Map(app);
        Native.SandboxEndpoints.Map(app);
        Native.EpisodeEndpoints.Map(app);
        SandboxFusion.RunCodeEndpoints.Map(app);
        OpenRlhf.RewardEndpoints.Map(app);
        return app;
    }
}
