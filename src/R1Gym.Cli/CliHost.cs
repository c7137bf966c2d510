using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using R1Gym.Gym;

namespace R1Gym.Cli;

/// <summary>
/// Builds the host every command runs in. Configuration, lowest precedence first: appsettings.json beside the
/// binary, appsettings.json in the current directory, environment variables prefixed <c>R1GYM_</c>
/// (<c>R1GYM_Gym__PluginsDirectory</c>), then the command line (<c>--set Key=Value</c>, <c>--plugins</c>, ...).
/// Logs go to stderr so stdout carries only results.
/// </summary>
internal static class CliHost
{
    /// <param name="parse">The parsed command line (global options and <c>--set</c> pairs).</param>
    /// <param name="overrides">Configuration a command sets itself (for example <c>Gym:Watch</c> for <c>check --watch</c>).</param>
    public static IHost Build(ParseResult parse, IEnumerable<KeyValuePair<string, string?>>? overrides = null)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ContentRootPath = Directory.GetCurrentDirectory(),
            EnvironmentName = Environments.Production,
        });

        builder.Configuration
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true, reloadOnChange: false)
            .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true, reloadOnChange: false)
            .AddEnvironmentVariables("R1GYM_")
            .AddInMemoryCollection(overrides ?? [])
            .AddInMemoryCollection(CliOptions.ConfigurationOverrides(parse));

        builder.Logging.ClearProviders();
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.IncludeScopes = false;
        });
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);

        ConfigureServices(builder.Services, builder.Configuration);
        return builder.Build();
    }

    /// <summary>One line per area: each calls that area's idempotent <c>AddR1Gym&lt;Area&gt;</c> extension.</summary>
    private static void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddR1GymGym(configuration);
        R1Gym.Recipes.ServiceCollectionExtensions.AddR1GymRecipes(services, configuration);
        R1Gym.Sandbox.SandboxServiceCollectionExtensions.AddR1GymSandbox(services, configuration);
    }
}
