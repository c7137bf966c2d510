using R1Gym.Tasks.Code.Tests.Exercism;

namespace R1Gym.Tasks.Code.Tests;

public sealed class CatalogGeneratorTests
{
    /// <summary>Set to 1 to rewrite tasks/code/exercism/catalog.json from the definitions instead of comparing.</summary>
    private const string RegenerateVariable = "R1GYM_REGENERATE";

    [Fact]
    public void The_checked_in_catalog_is_exactly_what_the_generator_builds_from_the_exercism_sources()
    {
        var generated = CatalogGenerator.Generate(RepoPaths.Sources);

        if (Environment.GetEnvironmentVariable(RegenerateVariable) == "1")
            File.WriteAllText(RepoPaths.Catalog, generated);

        File.ReadAllText(RepoPaths.Catalog).Should().Be(generated,
            $"the catalog is generated; run `{RegenerateVariable}=1 dotnet test tests/R1Gym.Tasks.Code.Tests --filter CatalogGeneratorTests` after changing a definition");
    }

    [Fact]
    public void Every_definition_has_a_copied_source_folder_and_every_source_folder_a_definition()
    {
        var folders = Directory.GetDirectories(RepoPaths.Sources).Select(Path.GetFileName).Order(StringComparer.Ordinal);

        var slugs = CatalogGenerator.Definitions.Select(d => d.Slug).Order(StringComparer.Ordinal);

        folders.Should().Equal(slugs);
    }
}
