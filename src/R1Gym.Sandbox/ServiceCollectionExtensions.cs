using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using R1Gym.Abstractions;

namespace R1Gym.Sandbox;

public static class SandboxServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="CodeSandbox"/> (one warm compiler and worker pool per container) as itself and as
    /// <see cref="ICodeRunner"/>, with <see cref="SandboxOptions"/> bound from the <c>Sandbox</c> section and validated on start. Idempotent.
    /// </summary>
    public static IServiceCollection AddR1GymSandbox(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(d => d.ServiceType == typeof(CodeSandbox)))
            return services;
        services.AddOptions<SandboxOptions>().Bind(configuration.GetSection(SandboxOptions.SectionName), binder => binder.ErrorOnUnknownConfiguration = true).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<CodeSandbox>();
        services.TryAddSingleton<ICodeRunner>(sp => sp.GetRequiredService<CodeSandbox>());
        return services;
    }
}
