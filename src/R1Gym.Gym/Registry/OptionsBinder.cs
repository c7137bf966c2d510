using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using R1Gym.Abstractions;
using R1Gym.Gym;

namespace R1Gym.Gym;

/// <summary>
/// Binds a task's options from JSON and validates them (data annotations plus <see cref="TaskOptions.Validate"/>),
/// reporting every failure at once. Unknown properties are errors, so typos never pass silently.
/// </summary>
public static class OptionsBinder
{
    private static readonly JsonSerializerOptions SerializerOptions = new()
    {
        PropertyNameCaseInsensitive = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Binds <paramref name="json"/> (null: all defaults) to <paramref name="optionsType"/> and validates the result.</summary>
    /// <exception cref="TaskOptionsException">The JSON does not fit the type or a rule fails.</exception>
    public static TaskOptions Bind(string id, Type optionsType, JsonObject? json)
    {
        ArgumentNullException.ThrowIfNull(optionsType);
        TaskOptions? options;
        try
        {
            options = json is null || json.Count == 0
                ? (TaskOptions?)Activator.CreateInstance(optionsType)
                : (TaskOptions?)json.Deserialize(optionsType, SerializerOptions);
        }
        catch (JsonException e)
        {
            throw new TaskOptionsException(id, optionsType, [Explain(e, optionsType)]);
        }
        if (options is null)
            throw new TaskOptionsException(id, optionsType, ["expected a JSON object, found null"]);
        Validate(id, options);
        return options;
    }

    /// <summary>Runs data annotations and <see cref="IValidatableObject.Validate"/>; throws with every failure.</summary>
    public static void Validate(string id, TaskOptions options)
    {
        var results = OptionsValidation.Errors(options);
        if (results.Count > 0)
            throw new TaskOptionsException(id, options.GetType(), results.Select(Describe).Distinct().ToList());
    }

    private static string Describe(ValidationResult result)
    {
        var members = string.Join(", ", result.MemberNames);
        return members.Length == 0 ? result.ErrorMessage ?? "invalid" : $"{members}: {result.ErrorMessage}";
    }

    private static string Explain(JsonException e, Type optionsType)
    {
        var known = string.Join(", ", optionsType.GetProperties().Where(p => p.CanWrite).Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name)));
        var path = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "" : $" at {e.Path}";
        return $"{e.Message.Split(" Path:", 2)[0]}{path} (known options: {(known.Length == 0 ? "none" : known)})";
    }
}
