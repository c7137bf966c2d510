using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace R1Gym.Testing;

/// <summary>Bad options must be rejected with a message naming the option: unknown keys and out-of-range values.</summary>
internal static class OptionsChecks
{
    public static IEnumerable<ConformanceResult> Run(CheckedTask task)
    {
        yield return Expect(task, "options/unknown", new JsonObject { ["notAnOptionOfThisTask"] = 1 }, "notAnOptionOfThisTask");

        var settable = task.OptionsType.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).ToList();
        if (settable.Count == 0)
            yield break;
        var ranged = settable.Where(p => p.GetCustomAttribute<RangeAttribute>() is not null).ToList();
        if (ranged.Count == 0)
        {
            yield return Checks.Skip("options/range", $"{task.OptionsType.Name} has no [Range] options to probe");
            yield break;
        }
        foreach (var property in ranged)
        {
            if (OutOfRange(property) is not { } value)
                continue;
            var name = JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            yield return Expect(task, $"options/range/{name}", new JsonObject { [name] = value }, property.Name);
        }
    }

    private static ConformanceResult Expect(CheckedTask task, string check, JsonObject bad, string mention)
    {
        try
        {
            task.Create(bad);
            return Checks.Fail(check, $"options {bad.ToJsonString()} were accepted; they must be rejected");
        }
        catch (TaskOptionsException e)
        {
            return e.Message.Contains(mention, StringComparison.OrdinalIgnoreCase)
                ? Checks.Pass(check, $"rejected: {e.Errors[0]}")
                : Checks.Fail(check, $"rejected, but the message does not name '{mention}': {e.Message}");
        }
        catch (Exception e)
        {
            return Checks.Fail(check, $"options {bad.ToJsonString()} threw {Checks.Describe(e)} instead of a clear TaskOptionsException");
        }
    }

    /// <summary>A value just below the minimum (or above the maximum) of the property's [Range], or null when none exists.</summary>
    private static JsonNode? OutOfRange(PropertyInfo property)
    {
        var range = property.GetCustomAttribute<RangeAttribute>()!;
        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        double min = Convert.ToDouble(range.Minimum, CultureInfo.InvariantCulture);
        double max = Convert.ToDouble(range.Maximum, CultureInfo.InvariantCulture);
        if (type == typeof(int) || type == typeof(long))
        {
            double limit = type == typeof(int) ? int.MaxValue : long.MaxValue;
            if (min > -limit)
                return JsonValue.Create((long)min - 1);
            return max < limit ? JsonValue.Create((long)max + 1) : null;
        }
        if (type == typeof(double) || type == typeof(float) || type == typeof(decimal))
        {
            if (double.IsFinite(min) && min > double.MinValue)
                return JsonValue.Create(min - Math.Max(1, Math.Abs(min)));
            return double.IsFinite(max) && max < double.MaxValue ? JsonValue.Create(max + Math.Max(1, Math.Abs(max))) : null;
        }
        return null;
    }
}
