using Microsoft.Extensions.DependencyInjection;
using R1Gym.Abstractions;
using R1Gym.Gym.Tests.Support;

namespace R1Gym.Gym.Tests;

/// <summary>The host refuses, before loading it, a plugin built against an SDK version it does not support.</summary>
public sealed class SdkVersionTests
{
    private static readonly Version Host = typeof(ITaskPlugin).Assembly.GetName().Version!;

    [Fact]
    public void A_plugin_built_against_another_SDK_major_version_is_refused_with_the_versions_and_the_fix()
    {
        using var dir = new TempDirectory();
        PluginCompiler.CompileAgainstSdk(dir.Path, "Future", new Version(Host.Major + 1, 0, 0, 0));
        using var services = GymHost.Build(dir.Path, tasks: null);

        var failure = services.GetRequiredService<ITaskRegistry>().Failures.Should().ContainSingle().Subject;

        failure.Source.Should().Be("Future");
        failure.Reason.Should().Contain($"built against R1Gym.Abstractions {Host.Major + 1}.0.0")
            .And.Contain($"supports SDK major version {Host.Major} only")
            .And.Contain($"Rebuild the plugin against R1Gym.Abstractions {Host.Major}.x");
    }

    [Fact]
    public void A_plugin_built_against_a_newer_minor_version_is_refused_too()
    {
        using var dir = new TempDirectory();
        PluginCompiler.CompileAgainstSdk(dir.Path, "Newer", new Version(Host.Major, Host.Minor + 1, 0, 0));
        using var services = GymHost.Build(dir.Path, tasks: null);

        var failure = services.GetRequiredService<ITaskRegistry>().Failures.Should().ContainSingle().Subject;

        failure.Reason.Should().Contain($"built against R1Gym.Abstractions {Host.Major}.{Host.Minor + 1}.0").And.Contain("newer than this host's SDK");
    }

    [Theory]
    [InlineData("1.0.0.0", "1.0.0.0", true)]
    [InlineData("1.4.2.0", "1.0.0.0", true)]
    [InlineData("1.4.0.0", "1.5.0.0", false)]
    [InlineData("1.9.0.0", "2.0.0.0", false)]
    [InlineData("2.0.0.0", "1.9.0.0", false)]
    public void Support_means_the_same_major_and_no_newer_minor(string host, string built, bool supported)
    {
        SdkVersionCheck.Supports(Version.Parse(host), Version.Parse(built)).Should().Be(supported);
    }
}
