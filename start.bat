@echo off
rem Set up the kit in .venv (first run only) and open JupyterLab on the student notebooks.
rem Usage: start.bat [extra jupyter lab options, e.g. --port 8890 --no-browser]
rem The Windows twin of start.sh. The launcher (python -m crmlab, crmlab\launch.py) installs
rem the kit's JupyterLab settings (Chinese interface, no news pop-up) and prints its messages
rem in Chinese; this file stays ASCII so that any console code page reads it correctly.
setlocal
cd /d "%~dp0"
if exist ".venv\Scripts\python.exe" goto install
echo Creating .venv (first run) ...
if defined PYTHON (
  "%PYTHON%" -m venv .venv
) else (
  py -3 -m venv .venv 2>nul || python -m venv .venv
)
if not exist ".venv\Scripts\python.exe" (
  echo ERROR: could not create .venv. Install Python 3.10 or newer from python.org
  echo and tick "Add python.exe to PATH", then run start.bat again.
  exit /b 1
)
:install
".venv\Scripts\python.exe" -m pip install --quiet --upgrade pip
".venv\Scripts\python.exe" -m pip install --quiet ".[teacher]"
if errorlevel 1 (
  echo ERROR: pip could not install the kit into .venv; see the messages above.
  exit /b 1
)
".venv\Scripts\python.exe" -m crmlab %*
exit /b %errorlevel%
