namespace T2CSim.Experiments.Commands;

using System.CommandLine;
using T2CSim.Core;
using T2CSim.Experiments.Cli;
using T2CSim.Hardware.Security;

/// <summary>
/// `t2c keys generate --out DIR [--tiers device,edge,cloud]`: CURVE key pairs for the controller and
/// every tier's agent (docs/security.md), NAME.key (secret, mode 0600) and NAME.pub. Hand each host its
/// own .key and every .pub; on Kubernetes, make Secrets of them (`t2c k8s manifests` mounts them).
/// </summary>
public sealed class KeysCommand : ICliCommand
{
    public Command Build()
    {
        var output = new Option<string>("--out") { Description = "Folder for the key files.", Required = true };
        var tiers = new Option<string>("--tiers") { Description = "Comma-separated tier names, as in the scenario.", DefaultValueFactory = _ => "device,edge,cloud" };
        var force = new Option<bool>("--force") { Description = "Replace keys already in the folder." };
        var generate = new Command("generate", "Write a CURVE key pair for the controller and for each tier's agent.");
        foreach (var o in new Option[] { output, tiers, force }) generate.Options.Add(o);
        generate.SetAction(parse =>
        {
            string dir = parse.GetValue(output)!;
            if (File.Exists(dir)) throw new UserInputException(dir, "--out", "is a file, not a folder");
            var names = parse.GetValue(tiers)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (names.Length == 0) throw new UserInputException(null, "--tiers", "no tier names");
            foreach (var n in names)
                if (n.Length > 64 || !n.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') || n == KeyFiles.Controller)
                    throw new UserInputException(null, "--tiers", $"'{Printable.Escape(n)}' is not a tier name (letters, digits, - and _; not '{KeyFiles.Controller}')");
            var all = new[] { KeyFiles.Controller }.Concat(names).ToArray();
            if (!parse.GetValue(force) && all.FirstOrDefault(n => File.Exists(KeyFiles.SecretPath(dir, n))) is { } existing)
                throw new UserInputException(KeyFiles.SecretPath(dir, existing), null, "exists already (--force replaces it)");
            KeyFiles.Generate(dir, all);
            Console.WriteLine($"wrote {string.Join(", ", all.Select(n => n + ".key/.pub"))} to {dir}");
        });
        var command = new Command("keys", "CURVE keys of the hardware planes (docs/security.md).");
        command.Subcommands.Add(generate);
        return command;
    }
}
