from efa_kb.cli import run

run()
