import { Button } from "@mantine/core";
import { LogoutIcon } from "@/components/icons/icons";
import { useSignOut } from "@/lib/auth";
import { notifyError } from "@/lib/notify";

/** A plain "Sign out" button (the portal has no user menu). */
export function SignOutButton() {
  const signOut = useSignOut();
  return (
    <Button
      variant="default"
      size="sm"
      leftSection={<LogoutIcon size={16} />}
      loading={signOut.isPending}
      onClick={() =>
        signOut.mutate(undefined, { onError: (error) => notifyError(error, "Could not sign out") })
      }
    >
      Sign out
    </Button>
  );
}
