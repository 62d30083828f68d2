<%@ WebService Language="C#" Class="Idiligo.InsideService20" %>
