using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using R1Gym.Abstractions;

namespace R1Gym.Gym;

/// <summary>
/// Refuses a plugin built against an SDK (R1Gym.Abstractions) this host does not support, before loading it: another
/// major version (semver: the contracts broke), or a newer minor one (it may call members this host lacks). Reads the
/// plugin's assembly references from its metadata, so nothing of the plugin runs or loads.
/// </summary>
internal static class SdkVersionCheck
{
    private static readonly string SdkName = typeof(ITaskPlugin).Assembly.GetName().Name!;

    /// <summary>The SDK version of this host.</summary>
    public static Version HostVersion { get; } = typeof(ITaskPlugin).Assembly.GetName().Version!;

    /// <summary>Throws a clear <see cref="R1GymException"/> when <paramref name="assemblyPath"/> references an unsupported SDK version.</summary>
    public static void Ensure(string assemblyPath)
    {
        if (ReferencedSdkVersion(assemblyPath) is not { } built)
            return; // no SDK reference at all: the type scan reports "no ITaskPlugin" with its own advice
        if (Supports(HostVersion, built))
            return;
        var hint = built.Major != HostVersion.Major
            ? $"the host supports SDK major version {HostVersion.Major} only"
            : $"it is newer than this host's SDK {Format(HostVersion)}";
        throw new R1GymException(
            $"Plugin {Path.GetFileName(assemblyPath)} was built against R1Gym.Abstractions {Format(built)}, but {hint}. " +
            $"Rebuild the plugin against R1Gym.Abstractions {HostVersion.Major}.x (at most {Format(HostVersion)}), or run it with an r1gym whose SDK is {built.Major}.{built.Minor} or later in major version {built.Major}.");
    }

    /// <summary>Same major version, and not newer than the host.</summary>
    public static bool Supports(Version host, Version built) =>
        built.Major == host.Major && built.Minor <= host.Minor;

    /// <summary>The version of R1Gym.Abstractions that <paramref name="assemblyPath"/> references, or null when it references none.</summary>
    public static Version? ReferencedSdkVersion(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        if (!pe.HasMetadata)
            return null;
        var metadata = pe.GetMetadataReader();
        foreach (var handle in metadata.AssemblyReferences)
        {
            var reference = metadata.GetAssemblyReference(handle);
            if (metadata.StringComparer.Equals(reference.Name, SdkName))
                return reference.Version;
        }
        return null;
    }

    private static string Format(Version v) => $"{v.Major}.{v.Minor}.{Math.Max(0, v.Build)}";
}
