#!/bin/sh
# Installs the r1gym command: publishes the CLI (with its built-in plugins and tasks) to $PREFIX/lib/r1gym and links
# $PREFIX/bin/r1gym to it. PREFIX defaults to ~/.local (whose bin/ is on PATH in most shells). Run it again to update.
# Extra arguments go to dotnet publish (for a GPU machine: -p:R1GymTorchPackage=TorchSharp).
set -eu
prefix="${PREFIX:-$HOME/.local}"
repo="$(cd "$(dirname "$0")/.." && pwd)"
dotnet publish "$repo/src/R1Gym.Cli" -c Release -o "$prefix/lib/r1gym" --nologo "$@"
mkdir -p "$prefix/bin"
ln -sf "$prefix/lib/r1gym/r1gym" "$prefix/bin/r1gym"
echo "installed $prefix/bin/r1gym -> $prefix/lib/r1gym/r1gym"
case ":$PATH:" in
    *":$prefix/bin:"*) ;;
    *) echo "note: $prefix/bin is not on PATH; add it: export PATH=\"$prefix/bin:\$PATH\"" ;;
esac
