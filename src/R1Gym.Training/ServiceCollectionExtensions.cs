using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using R1Gym.Gym;
using R1Gym.Training.Demo;

namespace R1Gym.Training;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Adds the trainers' options (sections <c>Grpo</c>, <c>Sft</c>, <c>Demo</c>, validated on start), the
    /// <see cref="DemoPipeline"/> and the demo's task plugin (<c>demo/addition-v1</c> joins the gym's registry). Idempotent.
    /// </summary>
    public static IServiceCollection AddR1GymTraining(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(d => d.ServiceType == typeof(TrainingMarker)))
            return services;
        services.AddSingleton<TrainingMarker>();

        services.AddOptions<GrpoOptions>().Bind(configuration.GetSection(GrpoOptions.SectionName), binder => binder.ErrorOnUnknownConfiguration = true).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SftOptions>().Bind(configuration.GetSection(SftOptions.SectionName), binder => binder.ErrorOnUnknownConfiguration = true).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DemoOptions>().Bind(configuration.GetSection(DemoOptions.SectionName), binder => binder.ErrorOnUnknownConfiguration = true).ValidateDataAnnotations().ValidateOnStart();
        services.AddTaskPlugin<DemoTasksPlugin>();
        services.TryAddTransient<DemoPipeline>();
        return services;
    }

    private sealed class TrainingMarker;
}
