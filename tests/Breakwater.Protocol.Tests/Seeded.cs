using FsCheck;
using Microsoft.FSharp.Core;

namespace Breakwater.Protocol.Tests;

/// <summary>FsCheck configuration with a fixed seed, so a failing run reproduces exactly.</summary>
internal static class Seeded
{
    public static Config Config(int maxTest, ulong seed = 20261121) =>
        FsCheck.Config.QuickThrowOnFailure.WithMaxTest(maxTest)
            .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(seed, 0x9E3779B97F4A7C15UL), FSharpOption<int>.None)));
}
