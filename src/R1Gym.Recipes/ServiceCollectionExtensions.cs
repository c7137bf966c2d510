using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using R1Gym.Gym;
using R1Gym.Recipes.Demo;
using R1Gym.Training;

namespace R1Gym.Recipes;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Adds the trainers (<see cref="Training.ServiceCollectionExtensions.AddR1GymTraining"/>), the demo's options (section
    /// <c>Demo</c>, validated on start), the <see cref="DemoPipeline"/> and the demo's task plugin (<c>demo/addition-v1</c>
    /// joins the gym's registry). Idempotent.
    /// </summary>
    public static IServiceCollection AddR1GymRecipes(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddR1GymTraining(configuration);
        if (services.Any(d => d.ServiceType == typeof(RecipesMarker)))
            return services;
        services.AddSingleton<RecipesMarker>();
        services.AddOptions<DemoOptions>().Bind(configuration.GetSection(DemoOptions.SectionName), binder => binder.ErrorOnUnknownConfiguration = true).ValidateDataAnnotations().ValidateOnStart();
        services.AddTaskPlugin<DemoTasksPlugin>();
        services.TryAddTransient<DemoPipeline>();
        return services;
    }

    private sealed class RecipesMarker;
}
