<%@ WebHandler Language="C#" Class="Idiligo.DownloadHandler" %>
