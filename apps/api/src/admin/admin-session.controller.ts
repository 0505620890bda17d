import { Controller, Delete, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Public, Roles } from '@fleetgate/auth';
import { bearerToken, clearedCookie, sessionCookie } from './admin-cookie.util';

interface CookieResponse {
  setHeader: (name: string, value: string) => void;
}

/** Browser access to the queue view (/api/admin/queues): the admin's token becomes an HttpOnly cookie. */
@ApiTags('admin')
@Controller('admin/session')
export class AdminSessionController {
  @Post()
  @Roles('admin')
  @ApiBearerAuth()
  @HttpCode(204)
  @ApiOperation({
    summary: 'Log a browser in to the queue view: sets an HttpOnly, SameSite=Strict cookie (path /api/admin, 8 h) from the admin Bearer token',
  })
  @ApiResponse({ status: 204, description: 'Cookie set; open /api/admin/queues/' })
  login(@Req() req: { headers: Record<string, string | undefined>; secure?: boolean }, @Res({ passthrough: true }) res: CookieResponse): void {
    res.setHeader('Set-Cookie', sessionCookie(bearerToken(req.headers.authorization)!, req.secure === true));
  }

  @Delete()
  @Public()
  @HttpCode(204)
  @ApiOperation({ summary: 'Log the browser out of the queue view (clears the cookie)' })
  @ApiResponse({ status: 204 })
  logout(@Res({ passthrough: true }) res: CookieResponse): void {
    res.setHeader('Set-Cookie', clearedCookie());
  }
}
