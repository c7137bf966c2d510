using System.Diagnostics;
using System.Text.RegularExpressions;

namespace R1Gym.Cli.Tests;

/// <summary>
/// The plugin author's packages packed once into a temporary folder (R1Gym.Abstractions, R1Gym.Testing, R1Gym.Templates,
/// through build/R1Gym.Packages.slnf, built apart from the repository's bin/ and obj/) under a version unique to this run,
/// so NuGet's global cache never serves a stale copy, and the template pack installed into a private template hive.
/// </summary>
public sealed partial class PackedSdk : IAsyncLifetime
{
    /// <summary>The test collection sharing the packed packages.</summary>
    public const string Collection = "packed sdk";

    public string Root { get; } = Directory.CreateTempSubdirectory("r1gym-sdk-").FullName;

    public string Packages => Path.Combine(Root, "packages");

    public string Hive => Path.Combine(Root, "hive");

    /// <summary>The packed version: the repository's SDK version with a unique prerelease suffix (same major, same host check).</summary>
    public string Version { get; } = $"{RepositoryVersion()}-ci.{Guid.NewGuid():N}"[..30];

    public async Task InitializeAsync()
    {
        var pack = await Dotnet(CliProcess.RepositoryRoot, "pack", Path.Combine("build", "R1Gym.Packages.slnf"), "-c", CliProcess.Configuration,
            "-o", Packages, "--artifacts-path", Path.Combine(Root, "build"), $"-p:Version={Version}");
        pack.ExitCode.Should().Be(0, pack.ToString());
        Directory.EnumerateFiles(Packages, "*.nupkg").Select(Path.GetFileName).Should().BeEquivalentTo(
            $"R1Gym.Abstractions.{Version}.nupkg", $"R1Gym.Testing.{Version}.nupkg", $"R1Gym.Templates.{Version}.nupkg");

        var install = await Dotnet(Root, "new", "install", Path.Combine(Packages, $"R1Gym.Templates.{Version}.nupkg"), "--debug:custom-hive", Hive);
        install.ExitCode.Should().Be(0, install.ToString());
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Root, recursive: true);
        // Restores copied this run's packages into the global cache; their unique version is never used again.
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } custom
            ? custom : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (var id in new[] { "r1gym.abstractions", "r1gym.testing" })
        {
            var folder = Path.Combine(cache, id, Version.ToLowerInvariant());
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        }
        return Task.CompletedTask;
    }

    /// <summary><c>dotnet new &lt;template&gt;</c> from the private hive into <paramref name="output"/>.</summary>
    public Task<CliResult> NewAsync(string template, string name, string output, params string[] options) =>
        Dotnet(Root, ["new", template, "-n", name, "-o", output, "--debug:custom-hive", Hive, .. options]);

    /// <summary>Runs the .NET CLI without build servers or node reuse, which would outlive the test and hold its output open.</summary>
    public static Task<CliResult> Dotnet(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["UseSharedCompilation"] = "false";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        return CliProcess.RunAsync(start, timeout: TimeSpan.FromMinutes(10));
    }

    private static string RepositoryVersion()
    {
        var props = File.ReadAllText(Path.Combine(CliProcess.RepositoryRoot, "build", "Package.props"));
        return VersionElement().Match(props) is { Success: true } match
            ? match.Groups[1].Value
            : throw new InvalidOperationException("build/Package.props has no <Version>.");
    }

    [GeneratedRegex(@"<Version>([0-9]+\.[0-9]+\.[0-9]+)</Version>")]
    private static partial Regex VersionElement();
}

[CollectionDefinition(PackedSdk.Collection)]
public sealed class PackedSdkCollection : ICollectionFixture<PackedSdk>;
