import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Actor } from '@fleetgate/common';
import { CurrentActor, Roles, UserService } from '@fleetgate/auth';
import { SiteService } from '@fleetgate/fleet';
import { CreatedUserDto, CreateUserDto, UserDto } from './users.dto';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(
    private readonly users: UserService,
    private readonly sites: SiteService,
  ) {}

  @Get('me')
  @ApiOperation({ summary: 'The caller' })
  @ApiResponse({ status: 200, type: UserDto })
  me(@CurrentActor() actor: Actor): UserDto {
    return actor;
  }

  @Get()
  @Roles('admin')
  @ApiResponse({ status: 200, type: [UserDto] })
  list(): Promise<UserDto[]> {
    return this.users.list();
  }

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Create a user; the token is in this answer only' })
  @ApiResponse({ status: 201, type: CreatedUserDto })
  @ApiResponse({ status: 400, description: 'Each bad field named; a plant manager’s sites must exist' })
  async create(@Body() body: CreateUserDto, @CurrentActor() actor: Actor): Promise<CreatedUserDto> {
    const knownSites = (await this.sites.listSites()).map((o) => o.site.name);
    return this.users.create(body, actor.name, { knownSites });
  }

  @Post(':name/revoke')
  @HttpCode(204)
  @Roles('admin')
  async revoke(@Param('name') name: string, @CurrentActor() actor: Actor): Promise<void> {
    await this.users.revoke(name, actor.name);
  }
}
