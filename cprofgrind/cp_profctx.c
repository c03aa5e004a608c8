/*--------------------------------------------------------------------*/
/*--- cprofgrind: stacks of calling contexts.        cp_profctx.c ---*/
/*--------------------------------------------------------------------*/

/* A calling context (a CtxNode) as the outputs show it: as pprof
   locations for the profiles, and as Valgrind-style stack lines for the
   reports on stderr.  Shared by the CPU, heap, leak and race outputs. */

#include "pub_tool_debuginfo.h"
#include "pub_tool_options.h"
#include "pub_tool_libcbase.h"
#include "cp_profctx.h"
#include "cp_objects.h"

UInt CP_(ctx_locs) ( Prof* p, const CtxNode* node, ULong* out, UInt max )
{
   UInt n = 0;
   DiEpoch ep = VG_(current_DiEpoch)();
   for (; node && node->parent_id && n < max; node = CP_(cct_parent)(node)) {
      Addr cs = CP_(node_callsite)(node);
      HChar buf[64];
      const HChar* name;
      if (cs >= CP_PSEUDO_LIMIT)
         out[n++] = CP_(prof_loc)(p, cs, ep);
      else if ((name = CP_(pseudo_frame_name)(cs, buf)) != NULL)
         out[n++] = CP_(prof_loc_pseudo)(p, name);
   }
   return n;
}

UInt CP_(ctx_labels) ( const CtxNode* node, ProfLabel* out, UInt max )
{
   if (node == NULL || max == 0) return 0;
   out[0] = (ProfLabel){ "thread", NULL, CP_(node_thread)(node), NULL };
   UInt n = 1;
   for (; node->parent_id && n < max; node = CP_(cct_parent)(node)) {
      if (!CP_PSEUDO_IS_LABEL(node->site)) continue;   /* pseudo: its own serial */
      const HChar *key, *value;
      CP_(cct_label_get)(CP_PSEUDO_LABEL_ID(node->site), &key, &value);
      Bool seen = False;
      for (UInt i = 1; i < n; i++)
         if (VG_(strcmp)(out[i].key, key) == 0) seen = True;
      if (!seen) out[n++] = (ProfLabel){ key, value, 0, NULL };
   }
   return n;
}

/* Print the frame(s) at a; returns True when a is in main (Valgrind's
   stacks stop there unless --show-below-main=yes). */
static Bool print_frame ( DiEpoch ep, Addr a, Bool* first )
{
   if (CP_(obj_is_ours)(ep, a)) return False;   /* our wrappers stay hidden */
   InlIPCursor* iipc = VG_(new_IIPC)(ep, a);
   do {
      VG_(umsg)("   %s %s\n", *first ? "at" : "by", VG_(describe_IP)(ep, a, iipc));
      *first = False;
   } while (VG_(next_IIPC)(iipc));
   VG_(delete_IIPC)(iipc);
   return !VG_(clo_show_below_main)
          && VG_(get_fnname_kind_from_IP)(ep, a) == Vg_FnNameMain;
}

void CP_(ctx_print_stack) ( const CtxNode* node, Addr leaf )
{
   DiEpoch ep = VG_(current_DiEpoch)();
   Bool first = True;
   if (leaf && print_frame(ep, leaf, &first)) return;
   for (; node && node->parent_id; node = CP_(cct_parent)(node)) {
      Addr cs = CP_(node_callsite)(node);
      HChar buf[64];
      const HChar* name;
      if (cs >= CP_PSEUDO_LIMIT) {
         if (print_frame(ep, cs, &first)) return;
      } else if ((name = CP_(pseudo_frame_name)(cs, buf)) != NULL) {
         VG_(umsg)("   %s %s\n", first ? "at" : "by", name);
         first = False;
      }
   }
}

/*--------------------------------------------------------------------*/
/*--- end                                             cp_profctx.c ---*/
/*--------------------------------------------------------------------*/
