using System.Reflection;
using System.Text.RegularExpressions;
using Emulation.Tests.Kernel.Support;

namespace Emulation.Tests.Kernel;

/// <summary>
/// docs/rules.md maps each rule and variant to its tests. This checks the map: every rule the kernel
/// model owns has a row, every knob variant a rule names has a row, every row names tests, every named
/// test exists (as [Fact], [Theory] or [Property] in this assembly), and every rule test under
/// Tests/Kernel/Rules is listed under its rule. Rows for R19 and the userspace part of R20 (tests in
/// other classes) are accepted like any other.
/// </summary>
public partial class RulesDocTests
{
    private static readonly Assembly Tests = typeof(RulesDocTests).Assembly;

    private static readonly Lazy<IReadOnlyList<RuleRow>> Rows = new(() =>
    {
        var (rows, errors) = RulesDoc.Parse(File.ReadAllText(RulesDoc.PathIn(RepositoryRoot.Find())));
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        return rows;
    });

    /// <summary>The rules whose tests come with the kernel model (docs/rules.md; R19 and R20's userspace half come with the compositor).</summary>
    public static TheoryData<string> KernelRules =>
        [.. Enumerable.Range(1, 22).Where(r => r != 19).Select(r => $"R{r}")];

    /// <summary>Every knob variant a rule names (docs/rules.md: the rules and the knobs), and R20's kernel part.</summary>
    public static TheoryData<string, string> RequiredVariants => new()
    {
        { "R7", "no-move=unsupported" }, { "R7", "same-device=unsupported" }, { "R7", "move-notify=false" },
        { "R9", "pin-timing=attach" }, { "R9", "pin-timing=map" }, { "R9", "move-notify=true" }, { "R9", "move-notify=false" },
        { "R10", "move-notify=true" },
        { "R11", "pin-timing=attach" }, { "R11", "pin-timing=map" },
        { "R13", "respects-attachments=default" }, { "R13", "respects-attachments=true" }, { "R13", "respects-attachments=false" },
        { "R16", "no-move=placement" }, { "R16", "no-move=rfc-hook" }, { "R16", "no-move=unsupported" },
        { "R17", "same-device=supported" }, { "R17", "same-device=unsupported" },
        { "R18", "move-notify=true" }, { "R18", "move-notify=false" },
        { "R20", "kernel" },
        { "R9", "amdgpu-pin=gtt" }, { "R9", "amdgpu-pin=vram-if-all-p2p" },
        { "R9", "kernel=6.1" }, { "R9", "kernel=6.12" }, { "R9", "kernel=6.15" }, { "R9", "kernel=7.1" },
        { "R14", "new-alloc-under-pressure=fallback" }, { "R14", "new-alloc-under-pressure=evict" },
        { "R14", "move-throttle=amdgpu" }, { "R14", "move-throttle=off" },
        { "R14", "ttm-fallback=return-if-fits" }, { "R14", "ttm-fallback=compatible" },
    };

    [Theory]
    [MemberData(nameof(KernelRules))]
    public void Every_kernel_rule_has_a_row(string rule) =>
        Assert.True(Rows.Value.Any(row => row.Id == rule), $"docs/rules.md has no row for {rule}");

    [Theory]
    [MemberData(nameof(RequiredVariants))]
    public void Every_knob_variant_a_rule_names_has_a_row(string rule, string variant) =>
        Assert.True(Rows.Value.Any(row => row.Id == rule && row.Variant.Contains(variant, StringComparison.Ordinal)),
            $"docs/rules.md has no {rule} row whose variant names '{variant}'");

    [Fact]
    public void Every_row_names_at_least_one_test()
    {
        var empty = Rows.Value.Where(row => row.Tests.Count == 0).Select(row => $"line {row.Line}: {row.Id} {row.Variant}").ToList();
        Assert.True(empty.Count == 0, "rows without tests:\n" + string.Join("\n", empty));
    }

    [Fact]
    public void Every_listed_test_exists()
    {
        var missing = Rows.Value.SelectMany(row => row.Tests.Where(t => FindTest(t) is null).Select(t => $"line {row.Line}: {t}")).ToList();
        Assert.True(missing.Count == 0, "no such [Fact], [Theory] or [Property]:\n" + string.Join("\n", missing));
    }

    [Fact]
    public void Every_rule_test_is_listed_under_its_rule()
    {
        var listed = Rows.Value.SelectMany(row => row.Tests.Select(t => (Method: FindTest(t), row.Id))).Where(x => x.Method is not null)
            .Select(x => (x.Method!.DeclaringType!.FullName + "." + x.Method.Name, x.Id)).ToHashSet();
        var problems = new List<string>();
        foreach (var method in RuleTestMethods())
        {
            var rule = "R" + RulePrefix().Match(method.Name).Groups[1].Value;
            if (!listed.Contains((method.DeclaringType!.FullName + "." + method.Name, rule)))
                problems.Add($"{method.DeclaringType.Name}.{method.Name} is not listed under {rule}");
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Parser_accepts_any_rule_from_R1_to_R22_with_a_variant_and_tests_in_any_class()
    {
        const string doc = """
            # Rules

            | Rule | Variant | Tests |
            |---|---|---|
            | R19 | v6 sampling device | `Emulation.Tests.Userspace.ClientHintTests.R19_imports_only_into_the_sampling_device` |
            | R20 | userspace | `CompositorTests.R20_drops_the_device_tranches`, `ClientTests.R20_reallocates` |
            | R22 | cost | A.B; C.D |

            | Invariant | Tests |
            |---|---|
            | PoolWithinCapacity | X.Y |
            """;
        var (rows, errors) = RulesDoc.Parse(doc.Replace("\r", ""));
        Assert.Empty(errors);
        Assert.Equal([(19, "v6 sampling device", 1), (20, "userspace", 2), (22, "cost", 2)],
            rows.Select(r => (r.Rule, r.Variant, r.Tests.Count)).ToArray());
        Assert.Equal("CompositorTests.R20_drops_the_device_tranches", rows[1].Tests[0]);
    }

    [Theory]
    [InlineData("| R0 | x | A.B |")]
    [InlineData("| R23 | x | A.B |")]
    [InlineData("| Rule 9 | x | A.B |")]
    [InlineData("| R9 | A.B |")]
    public void Parser_reports_malformed_rows(string row)
    {
        var (rows, errors) = RulesDoc.Parse($"| Rule | Variant | Tests |\n|---|---|---|\n{row}\n");
        Assert.Empty(rows);
        Assert.Single(errors);
    }

    [Fact]
    public void Finding_a_test_needs_a_test_attribute()
    {
        Assert.NotNull(FindTest($"{nameof(RulesDocTests)}.{nameof(Every_listed_test_exists)}"));
        Assert.NotNull(FindTest($"{typeof(RulesDocTests).FullName}.{nameof(Parser_reports_malformed_rows)}"));
        Assert.Null(FindTest($"{nameof(RulesDocTests)}.{nameof(FindTest)}"));
        Assert.Null(FindTest("NoSuchClass.R1_nothing"));
    }

    /// <summary>A test method named <c>Class.Method</c> or <c>Namespace.Class.Method</c> (the class must be unambiguous).</summary>
    private static MethodInfo? FindTest(string name)
    {
        var dot = name.LastIndexOf('.');
        if (dot <= 0) return null;
        var (typeName, methodName) = (name[..dot], name[(dot + 1)..]);
        var types = Tests.GetTypes().Where(t => t.FullName == typeName || t.Name == typeName).ToList();
        if (types.Count != 1) return null;
        return types[0].GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
            .FirstOrDefault(m => m.Name == methodName && IsTest(m));
    }

    private static bool IsTest(MethodInfo m) =>
        m.GetCustomAttributes(inherit: true).Any(a => a is FactAttribute || a.GetType().Name is "PropertyAttribute");

    private static IEnumerable<MethodInfo> RuleTestMethods() =>
        Tests.GetTypes()
            .Where(t => t.Namespace == typeof(Rules.R01HandleNumberingTests).Namespace)
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static))
            .Where(m => IsTest(m) && RulePrefix().IsMatch(m.Name));

    [GeneratedRegex(@"^R(\d+)_")]
    private static partial Regex RulePrefix();
}
