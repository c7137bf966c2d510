using System.Reflection;
using McMaster.NETCore.Plugins;
using Microsoft.Extensions.Logging;
using R1Gym.Abstractions;

namespace R1Gym.Gym;

/// <summary>
/// One plugin assembly in its own load context. The SDK and Microsoft.Extensions types are shared with the host so the
/// plugin's <see cref="ITaskPlugin"/> is the host's. With watching on, a rebuild of the assembly reloads it.
/// </summary>
internal sealed class PluginTaskSource : TaskSource, IDisposable
{
    private static readonly Type[] SharedTypes =
    [
        typeof(ITaskPlugin),
        typeof(IServiceProvider),
        typeof(Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions),
        typeof(ILogger),
    ];

    private readonly PluginLoader _loader;
    private readonly string _assemblyPath;

    public PluginTaskSource(string name, string assemblyPath, bool watch, TimeSpan reloadDelay)
        : base(name, TaskSourceKind.Plugin)
    {
        _assemblyPath = assemblyPath;
        _loader = PluginLoader.CreateFromAssemblyFile(assemblyPath, SharedTypes, config =>
        {
            config.PreferSharedTypes = true;
            config.IsUnloadable = watch;
            config.EnableHotReload = watch;
            config.LoadInMemory = watch;
            config.ReloadDelay = reloadDelay;
        });
        _loader.Reloaded += (_, _) => OnChanged();
    }

    public override void Register(ITaskCatalog catalog)
    {
        Assembly assembly;
        Type[] types;
        try
        {
            SdkVersionCheck.Ensure(_assemblyPath);
            assembly = _loader.LoadDefaultAssembly();
            types = assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            var reasons = e.LoaderExceptions.OfType<Exception>().Select(x => x.Message).Distinct().Take(3);
            throw new R1GymException($"Cannot load the types of {_assemblyPath}: {string.Join("; ", reasons)}. Rebuild the plugin against this R1Gym.Abstractions version.", e);
        }
        catch (Exception e) when (e is BadImageFormatException or FileLoadException or FileNotFoundException)
        {
            throw new R1GymException($"Cannot load {_assemblyPath}: {e.Message} Expected a .NET assembly built for net10.0.", e);
        }

        var plugins = types.Where(t => typeof(ITaskPlugin).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false }).ToList();
        if (plugins.Count == 0)
        {
            var foreign = types.Any(t => t.GetInterfaces().Any(i => i.FullName == typeof(ITaskPlugin).FullName));
            throw new R1GymException(foreign
                ? $"{_assemblyPath} implements a different copy of ITaskPlugin; reference R1Gym.Abstractions with Private=\"false\" so the host's copy is used."
                : $"{_assemblyPath} has no public class implementing R1Gym.Abstractions.ITaskPlugin; add one whose Register method registers the tasks.");
        }
        foreach (var type in plugins)
        {
            if (type.GetConstructor(Type.EmptyTypes) is null)
                throw new R1GymException($"Plugin class {type.FullName} needs a public parameterless constructor; resolve services inside task factories through ITaskCatalog.Services.");
            var plugin = (ITaskPlugin)Activator.CreateInstance(type)!;
            plugin.Register(catalog);
        }
    }

    public void Dispose() => _loader.Dispose();
}
