using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using R1Gym.Abstractions;
using R1Gym.Sandbox;
using R1Gym.Service;

namespace R1Gym.Cli.Commands;

/// <summary>
/// <c>r1gym serve [--urls URLS] [--api-key-file FILE]</c>: the gym, its verifiers and its sandbox over HTTP, in the same
/// host as every other command (same plugins, tasks, configuration and sandbox pool). See src/R1Gym.Service.
/// </summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var urls = new Option<string>("--urls")
        {
            Description = $"Addresses to listen on, ';'-separated, as in ASP.NET (default {ServiceApp.DefaultUrls}; port 0 picks a free port).",
            DefaultValueFactory = _ => ServiceApp.DefaultUrls,
            HelpName = "urls",
        };
        var keyFile = new Option<string?>("--api-key-file")
        {
            Description = "File holding the API key that every request must present (default: the R1GYM_API_KEY environment variable; none: no authentication).",
            HelpName = "file",
        };
        var command = new Command("serve", "Serve tasks, verification, the C# sandbox and environments over HTTP (native /v1 API, SandboxFusion /run_code, OpenRLHF /get_reward).")
        {
            urls, keyFile,
        };
        command.SetAction(async (parse, ct) =>
        {
            string? key = ReadKey(parse.GetValue(keyFile));
            var builder = ServiceApp.CreateBuilder();
            CliHost.Configure(builder, parse, key is null ? null : [new("Service:ApiKey", key)]);
            await using var app = ServiceApp.Build(builder, parse.GetValue(urls)!);
            // Load every task and warm the sandbox before the first request, which would otherwise wait for both.
            _ = app.Services.GetRequiredService<R1Gym.Gym.ITaskRegistry>().All;
            var isolation = await app.Services.GetRequiredService<CodeSandbox>().StartAsync(ct);
            await app.StartAsync(ct);
            foreach (string url in app.Urls)
                Console.Out.WriteLine($"r1gym serve: listening on {url} (OpenAPI: {url}/openapi/v1.json; sandbox: {isolation.Problem ?? "full isolation"}; auth: {(key is null ? "none" : "Bearer key")})");
            await Console.Out.FlushAsync(ct);
            await app.WaitForShutdownAsync(ct);
            return 0;
        });
        return command;
    }

    private static string? ReadKey(string? file)
    {
        if (file is not null)
        {
            if (!File.Exists(file))
                throw new R1GymException($"--api-key-file '{Path.GetFullPath(file)}' was not found; expected a file holding the key on its first line.");
            string fromFile = File.ReadAllText(file).Trim();
            return fromFile.Length > 0 ? fromFile : throw new R1GymException($"--api-key-file '{file}' is empty; write the key into it.");
        }
        return Environment.GetEnvironmentVariable("R1GYM_API_KEY") is { Length: > 0 } env ? env.Trim() : null;
    }
}
