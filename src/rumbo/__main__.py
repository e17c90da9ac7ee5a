from rumbo.cli.main import run

run()
