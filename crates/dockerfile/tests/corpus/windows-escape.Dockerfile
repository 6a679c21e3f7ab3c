# escape=`
FROM mcr.microsoft.com/windows/servercore:ltsc2022
SHELL ["powershell", "-Command", "$ErrorActionPreference = 'Stop';"]
RUN Invoke-WebRequest -Uri https://example.com/tool.zip -OutFile C:\tool.zip ; `
    Expand-Archive C:\tool.zip -DestinationPath C:\tool ; `
    Remove-Item C:\tool.zip
COPY app\ C:\app\
WORKDIR C:\app
ENV PATH="C:\tool\bin;${PATH}"
CMD ["C:\\app\\run.exe"]
