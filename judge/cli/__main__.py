from judge.cli import app

app()
