#!/usr/bin/python3
"""`npm run fixtures`: regenerates every golden fixture from PyTorch by running each package's
test/golden/gen_*.py generator (PyTorch 1.13 under /usr/bin/python3), each from its own folder."""
import glob
import os
import subprocess
import sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
scripts = sorted(glob.glob(os.path.join(root, 'packages', '*', 'test', 'golden', 'gen_*.py')))
for script in scripts:
    print(f'== {os.path.relpath(script, root)}', flush=True)
    subprocess.run([sys.executable, os.path.basename(script)], cwd=os.path.dirname(script), check=True)
