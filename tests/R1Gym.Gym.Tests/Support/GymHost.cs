using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace R1Gym.Gym.Tests.Support;

/// <summary>Builds the gym's services the way the CLI does, over chosen plugin and task folders.</summary>
public static class GymHost
{
    public static ServiceProvider Build(string? plugins, string? tasks, bool watch = false, Action<IServiceCollection>? configure = null,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Gym:PluginsDirectory"] = plugins,
            ["Gym:LoadPlugins"] = (plugins is not null).ToString(),
            ["Gym:TasksDirectory"] = tasks,
            ["Gym:LoadTaskFiles"] = (tasks is not null).ToString(),
            ["Gym:Watch"] = watch.ToString(),
            ["Gym:WatchDelayMilliseconds"] = "100",
        }).AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();
        var services = new ServiceCollection().AddR1GymGym(configuration);
        configure?.Invoke(services);
        return services.BuildServiceProvider();
    }
}
