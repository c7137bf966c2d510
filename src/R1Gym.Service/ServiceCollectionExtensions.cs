using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using R1Gym.Service.Core;

namespace R1Gym.Service;

public static class ServiceServiceCollectionExtensions
{
    /// <summary>
    /// Adds the service layer (<see cref="ItemGate"/>, <see cref="VerifyService"/>, <see cref="SandboxService"/>,
    /// <see cref="EpisodeStore"/> and its sweeper), <see cref="ServiceOptions"/> from the <c>Service</c> section (validated on
    /// start), Kestrel's body limit and a shutdown timeout that lets running items finish. The gym and the sandbox are the
    /// host's (<c>AddR1GymGym</c>, <c>AddR1GymSandbox</c>). Idempotent.
    /// </summary>
    public static IServiceCollection AddR1GymService(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(d => d.ServiceType == typeof(ItemGate)))
            return services;
        services.AddOptions<ServiceOptions>().Bind(configuration.GetSection(ServiceOptions.SectionName), b => b.ErrorOnUnknownConfiguration = true)
            .ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ItemGate>();
        services.AddSingleton<VerifyService>();
        services.AddSingleton<SandboxService>();
        services.AddSingleton<EpisodeStore>();
        services.AddHostedService<EpisodeSweeper>();
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<ServiceOptions>>((kestrel, options) =>
        {
            kestrel.Limits.MaxRequestBodySize = options.Value.MaxRequestBytes;
            kestrel.AddServerHeader = false;
        });
        // Graceful shutdown: Kestrel waits for requests in flight up to this; each item is bounded by ItemTimeLimitMs.
        services.AddOptions<HostOptions>().Configure<IOptions<ServiceOptions>>((host, options) =>
            host.ShutdownTimeout = TimeSpan.FromMilliseconds(options.Value.ItemTimeLimitMs + 5_000));
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = Hosting.JsonBody.Options.PropertyNamingPolicy;
            o.SerializerOptions.PropertyNameCaseInsensitive = true;
        });
        services.AddOpenApi();
        return services;
    }
}
