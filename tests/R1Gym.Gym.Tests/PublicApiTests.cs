using System.Runtime.CompilerServices;
using PublicApiGenerator;
using R1Gym.Abstractions;

namespace R1Gym.Gym.Tests;

/// <summary>
/// The SDK's public surface is tracked: any change shows up as a diff against PublicApi/R1Gym.Abstractions.approved.txt.
/// When a change is intended, copy the .received.txt file written beside it over the approved one.
/// </summary>
public sealed class PublicApiTests
{
    [Fact]
    public void The_SDK_public_API_matches_the_approved_snapshot()
    {
        var approvedPath = Path.Combine(ThisDirectory(), "PublicApi", "R1Gym.Abstractions.approved.txt");
        var receivedPath = Path.ChangeExtension(approvedPath, null).Replace(".approved", ".received") + ".txt";

        var api = typeof(ITaskPlugin).Assembly.GeneratePublicApi(new ApiGeneratorOptions { IncludeAssemblyAttributes = false });
        var approved = File.Exists(approvedPath) ? File.ReadAllText(approvedPath) : "";

        if (Normalize(api) != Normalize(approved))
            File.WriteAllText(receivedPath, api);
        else if (File.Exists(receivedPath))
            File.Delete(receivedPath);
        Normalize(api).Should().Be(Normalize(approved), $"the public API of R1Gym.Abstractions changed; review {receivedPath} and copy it over {approvedPath} if intended");
    }

    private static string Normalize(string text) => text.ReplaceLineEndings("\n").Trim();

    private static string ThisDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
