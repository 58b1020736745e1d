#include "ToolsData.hpp"

namespace spectra {

Json ToolsData::defaults() {
  return Json{
      {"seriesInfo", {{"needed", 1}, {"wonLeft", 0}, {"wonRight", 0}, {"mapInfo", Json::array()}}},
      {"seedingInfo", {{"left", ""}, {"right", ""}}},
      {"tournamentInfo", {{"name", ""}, {"logoUrl", ""}, {"backdropUrl", ""}}},
      {"timeoutDuration", 60},
      {"timeoutCounter", {{"max", 2}, {"left", 2}, {"right", 2}}},
      {"timeoutCancellationGracePeriod", 10},
      {"sponsorInfo", {{"enabled", false}, {"duration", 5}, {"sponsors", Json::array()}}},
      {"watermarkInfo",
       {{"spectraWatermark", true}, {"customTextEnabled", false}, {"customText", ""}}},
      {"playercamsInfo",
       {{"enable", false},
        {"removeTricodes", false},
        {"identifier", ""},
        {"secret", ""},
        {"endTime", 0},
        {"enabledPlayers", Json::array()}}},
      {"nameOverrides", {{"overrides", "[]"}}},
      {"roundWinBox", {{"type", "disabled"}, {"sponsors", Json::array()}}},
  };
}

Json ToolsData::fromClient(const Json* init) {
  Json tools = defaults();
  if (init != nullptr) {
    if (init->is_object()) {
      for (auto it = init->begin(); it != init->end(); ++it) {
        // Object.assign sets "__proto__" through the prototype setter: it never becomes a key.
        if (it.key() == "__proto__") continue;
        tools[it.key()] = it.value();
      }
    } else if (init->is_array()) {
      for (size_t i = 0; i < init->size(); ++i) tools[std::to_string(i)] = (*init)[i];
    } else if (init->is_string()) {
      // A string's own properties are its characters (one per code point here; V8 would split
      // astral characters into two surrogate halves).
      const std::string& text = init->get_ref<const std::string&>();
      size_t index = 0;
      for (size_t i = 0; i < text.size();) {
        size_t len = 1;
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0xF0)
          len = 4;
        else if (c >= 0xE0)
          len = 3;
        else if (c >= 0xC0)
          len = 2;
        tools[std::to_string(index++)] = text.substr(i, len);
        i += len;
      }
    }
  }
  JsSemantics::orderKeys(tools);

  // this.timeoutCounter.left = this.timeoutCounter.max; (and .right), in strict mode.
  Json& counter = tools["timeoutCounter"];
  const Json* max = JsSemantics::read(&counter, "max");
  if (counter.is_object()) {
    if (max == nullptr) {
      // undefined: JSON.stringify leaves the keys out
      counter.erase("left");
      counter.erase("right");
    } else {
      const Json value = *max;
      counter["left"] = value;
      counter["right"] = value;
      JsSemantics::orderKeys(counter);
    }
  } else if (!counter.is_array()) {
    throw JsTypeError("Cannot create property 'left' on " +
                      JsSemantics::describePrimitive(counter));
  }
  return tools;
}

void ToolsData::applySupporterRules(Json& tools, bool isSupporter) {
  if (!tools.is_object()) return;
  if (isSupporter) return;
  Json& sponsors = tools["sponsorInfo"];
  if (sponsors.is_object() && JsSemantics::truthy(sponsors.value("enabled", Json(false))) &&
      sponsors.contains("sponsors") && sponsors["sponsors"].is_array())
    sponsors["sponsors"].push_back(kSpectraLogoUrl);
  Json& watermark = tools["watermarkInfo"];
  if (watermark.is_object()) {
    watermark["spectraWatermark"] = true;    // given || !supporter
    watermark["customTextEnabled"] = false;  // given && supporter
  }
  Json& box = tools["roundWinBox"];
  if (box.is_object() && box.value("type", Json()) == "sponsors" && box.contains("sponsors") &&
      box["sponsors"].is_array() && box["sponsors"].size() > 1) {
    Json first = box["sponsors"][0];
    if (first.is_object()) {
      first["roundCeremony"] = Json::array({"all"});
      first["wonTeam"] = "all";
    }
    box["sponsors"] = Json::array({first});
  }
}

}  // namespace spectra
