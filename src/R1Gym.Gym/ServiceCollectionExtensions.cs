using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using R1Gym.Abstractions;

namespace R1Gym.Gym;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Adds the gym: <see cref="ITaskRegistry"/> (plugins folder, script and data tasks, plus every <see cref="ITaskPlugin"/>
    /// registered in DI), <see cref="RewardComposer"/>, and options bound from the <c>Gym</c> and <c>Rewards</c> sections,
    /// validated on start. Idempotent.
    /// </summary>
    public static IServiceCollection AddR1GymGym(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(d => d.ServiceType == typeof(GymMarker)))
            return services;
        services.AddSingleton<GymMarker>();

        services.AddOptions<GymOptions>().Bind(configuration.GetSection(GymOptions.SectionName), binder => binder.ErrorOnUnknownConfiguration = true).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RewardOptions>().Bind(configuration.GetSection(RewardOptions.SectionName), binder => binder.ErrorOnUnknownConfiguration = true).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<ITaskRegistry>(sp => CreateRegistry(sp));
        services.TryAddSingleton(sp => new RewardComposer(sp.GetRequiredService<IOptions<RewardOptions>>().Value));
        return services;
    }

    /// <summary>Registers an in-process plugin: its tasks join the registry next to the folder's plugins.</summary>
    public static IServiceCollection AddTaskPlugin<TPlugin>(this IServiceCollection services)
        where TPlugin : class, ITaskPlugin
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITaskPlugin, TPlugin>());
        return services;
    }

    private static TaskRegistry CreateRegistry(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<GymOptions>>().Value;
        var logger = services.GetService<ILoggerFactory>()?.CreateLogger<TaskRegistry>() ?? (ILogger)NullLogger.Instance;
        var plugins = services.GetServices<ITaskPlugin>().ToList();
        return new TaskRegistry(services, () => Sources(options, plugins, logger), logger);
    }

    private static IEnumerable<TaskSource> Sources(GymOptions options, List<ITaskPlugin> plugins, ILogger logger)
    {
        var sources = new List<TaskSource> { BuiltInCheckers.Source };
        sources.AddRange(plugins.Select(p => new InstanceTaskSource(p)));
        if (options.LoadPlugins)
        {
            // A plugin found again in a later folder (a user's build of a built-in suite) replaces the earlier one.
            var byName = new OrderedDictionary<string, TaskSource>(StringComparer.Ordinal);
            foreach (var folder in TaskPaths.PluginFolders(options))
            {
                logger.LogDebug("Loading plugins from {Directory}", folder);
                var found = PluginDirectory.Discover(folder, options.Watch, TimeSpan.FromMilliseconds(options.WatchDelayMilliseconds), logger);
                // An empty folder is fine (tests isolate with one); plugins one level off are a mistake worth stopping for.
                bool ownFolder = File.Exists(Path.Combine(folder, Path.GetFileName(folder) + ".dll"));
                if ((found.Count == 0 || ownFolder) && PluginDirectory.Hint(folder) is { } hint)
                    throw new R1GymException(hint);
                foreach (var source in found)
                {
                    byName.Remove(source.Name);
                    byName[source.Name] = source;
                }
            }
            sources.AddRange(byName.Values);
        }
        if (options.LoadTaskFiles && TaskPaths.TaskFolders(options) is { Count: > 0 } taskFolders)
        {
            logger.LogDebug("Loading script and data tasks from {Directories}", string.Join(", ", taskFolders));
            var vetting = new ScriptVetting(options.ScriptCacheDirectory ?? ScriptVetting.DefaultCacheDirectory(),
                TimeSpan.FromSeconds(options.ScriptLoadTimeoutSeconds), logger);
            sources.AddRange(TaskFiles.Discover(taskFolders, vetting));
        }
        return sources;
    }

    private sealed class GymMarker;
}
