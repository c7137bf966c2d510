namespace R1Gym.Tasks.Code.Tests;

/// <summary>Locates checked-in files from the test's output folder.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Exercism => Path.Combine(Root, "tasks", "code", "exercism");

    public static string Catalog => Path.Combine(Exercism, "catalog.json");

    public static string Sources => Path.Combine(Exercism, "sources");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "R1Gym.sln")))
                return dir.FullName;
        throw new InvalidOperationException($"R1Gym.sln was not found above {AppContext.BaseDirectory}");
    }
}
