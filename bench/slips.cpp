// bench/slips: soas drawing the convenience-store slip N times into one PDF,
// through the same lib/ code `soas pay slip` uses. Prints the seconds spent
// (font loading, drawing, rendering and writing), as slips_reportlab.py does.
//
//   soas_bench_slips N OUT.pdf [FONT [INDEX]]

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "domain/payment.hpp"
#include "pdf/document.hpp"
#include "pdf/layouts.hpp"

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s N OUT.pdf [FONT [INDEX]]\n", argv[0]);
    return 2;
  }
  using namespace soas;
  const int n = std::atoi(argv[1]);
  const std::string font = argc > 3 ? argv[3] : "/usr/share/fonts/truetype/arphic/uming.ttc";
  const int index = argc > 4 ? std::atoi(argv[4]) : 2;
  try {
    const auto start = std::chrono::steady_clock::now();
    pdf::Document doc(pdf::Font::load(font, index));
    for (int i = 0; i < n; ++i) {
      pdf::SlipData s;
      char no[32];
      std::snprintf(no, sizeof no, "SOAS115%09d", i + 1);
      s.slip_no = no;
      s.printed = util::Date(2026, 11, 21);
      s.deadline = util::Date(2026, 11, 26);
      s.payer_name = "鄭小華";
      s.amount = 1000;
      s.handling_fee = 8;
      s.collection_code = "NIA";
      s.barcodes = domain::store_barcodes({}, s.deadline, s.printed, s.slip_no, s.amount);
      pdf::draw_slip(doc, s);
    }
    // Written plainly, as ReportLab's save() does (soas pay slip also fsyncs).
    const std::string bytes = doc.render({"Payment slips", "", "", 1795226400});
    std::ofstream(argv[2], std::ios::binary) << bytes;
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    std::printf("%.3f\n", took.count());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "soas_bench_slips: %s\n", e.what());
    return 1;
  }
  return 0;
}
