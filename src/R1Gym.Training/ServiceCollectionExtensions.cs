using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace R1Gym.Training;

public static class ServiceCollectionExtensions
{
    /// <summary>Adds the trainers' options (sections <c>Grpo</c> and <c>Sft</c>, validated on start). Idempotent.</summary>
    public static IServiceCollection AddR1GymTraining(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(d => d.ServiceType == typeof(TrainingMarker)))
            return services;
        services.AddSingleton<TrainingMarker>();
        services.AddOptions<GrpoOptions>().Bind(configuration.GetSection(GrpoOptions.SectionName), binder => binder.ErrorOnUnknownConfiguration = true).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SftOptions>().Bind(configuration.GetSection(SftOptions.SectionName), binder => binder.ErrorOnUnknownConfiguration = true).ValidateDataAnnotations().ValidateOnStart();
        return services;
    }

    private sealed class TrainingMarker;
}
