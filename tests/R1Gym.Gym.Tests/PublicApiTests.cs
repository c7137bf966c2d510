using System.Runtime.CompilerServices;
using PublicApiGenerator;
using R1Gym.Abstractions;
using R1Gym.Testing;

namespace R1Gym.Gym.Tests;

/// <summary>
/// The public surface of the packages plugins reference is tracked: any change shows up as a diff against
/// PublicApi/&lt;assembly&gt;.approved.txt (R1Gym.Abstractions, R1Gym.Testing).
/// When a change is intended, copy the .received.txt file written beside it over the approved one.
/// </summary>
public sealed class PublicApiTests
{
    [Fact]
    public void The_SDK_public_API_matches_the_approved_snapshot() => MatchesApproved(typeof(ITaskPlugin).Assembly);

    [Fact]
    public void The_testing_package_public_API_matches_the_approved_snapshot() => MatchesApproved(typeof(PluginHarness).Assembly);

    private static void MatchesApproved(System.Reflection.Assembly assembly)
    {
        var name = assembly.GetName().Name;
        var approvedPath = Path.Combine(ThisDirectory(), "PublicApi", $"{name}.approved.txt");
        var receivedPath = Path.ChangeExtension(approvedPath, null).Replace(".approved", ".received") + ".txt";

        var api = assembly.GeneratePublicApi(new ApiGeneratorOptions { IncludeAssemblyAttributes = false });
        var approved = File.Exists(approvedPath) ? File.ReadAllText(approvedPath) : "";

        if (Normalize(api) != Normalize(approved))
            File.WriteAllText(receivedPath, api);
        else if (File.Exists(receivedPath))
            File.Delete(receivedPath);
        Normalize(api).Should().Be(Normalize(approved), $"the public API of {name} changed; review {receivedPath} and copy it over {approvedPath} if intended");
    }

    private static string Normalize(string text) => text.ReplaceLineEndings("\n").Trim();

    private static string ThisDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
